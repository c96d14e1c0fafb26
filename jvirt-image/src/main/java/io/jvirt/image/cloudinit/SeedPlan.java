package io.jvirt.image.cloudinit;

import io.jvirt.image.iso.IsoImage;
import io.jvirt.image.iso.IsoNode;
import io.jvirt.image.iso.IsoWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of a NoCloud seed.
 *
 * @param userData the user-data file
 * @param metaData the meta-data file (may be empty)
 * @param networkConfig the network-config file, or null when the seed has none
 * @param generatedRootPassword the root password made for root-password-generate, to be shown
 *     to the user once, or null
 */
public record SeedPlan(String userData, String metaData, String networkConfig, String generatedRootPassword) {

    /** The volume id NoCloud looks for. */
    public static final String VOLUME_ID = "cidata";

    /**
     * The SMBIOS system serial virt-install gives a guest with a seed ({@code <sysinfo type='smbios'>
     * <system><entry name='serial'>ds=nocloud</entry>}, {@code <os><smbios mode='sysinfo'/>}), unless
     * the definition sets a serial already.
     */
    public static final String SMBIOS_SERIAL = "ds=nocloud";

    /** The user-data with the root password hidden, as virt-install logs it. */
    public String scrubbedUserData() {
        return userData.replaceAll("root:(.*)", "root:[SCRUBBLED]");
    }

    /** The seed as an ISO image: meta-data, user-data and network-config at its root, volume id cidata. */
    public IsoImage image(Instant time) {
        List<IsoNode> files = new ArrayList<>();
        files.add(IsoNode.File.text("meta-data", metaData));
        files.add(IsoNode.File.text("user-data", userData));
        if (networkConfig != null) {
            files.add(IsoNode.File.text("network-config", networkConfig));
        }
        return new IsoImage(VOLUME_ID, IsoImage.Level.LEVEL2, time, IsoNode.Directory.root(files));
    }

    /**
     * Writes the seed ISO (the file must not exist; nothing is left behind on failure).
     *
     * @param target the new ISO file
     * @return its size in bytes
     */
    public long writeIso(Path target) {
        return IsoWriter.write(image(Instant.now()), target);
    }

    /** The seed ISO's bytes (for an upload to a pool volume). */
    public byte[] isoBytes() {
        return IsoWriter.toBytes(image(Instant.now()));
    }
}
