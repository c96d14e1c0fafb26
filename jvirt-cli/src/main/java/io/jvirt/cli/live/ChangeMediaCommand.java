package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;
import io.jvirt.conf.xml.XmlElement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jvirt change-media DOMAIN PATH [SOURCE] [--eject|--insert|--update] [--current|--live|--config]
 * [--force] [--block] [--print-xml]}: the cdrom found by target or source gets the new medium
 * (or none), sent as an update-device, as virsh does it.
 */
public final class ChangeMediaCommand extends LiveVerb {
    private final Value<String> path = parameter("PATH", "Target or source path of the cdrom or floppy.");
    private final Value<String> source = optionalParameter("SOURCE", String.class, "The new medium: an image or a device.");
    private final Flag eject = flag("--eject", "Eject the medium.");
    private final Flag insert = flag("--insert", "Insert a medium into an empty drive.");
    private final Flag update = flag("--update", "Replace the medium (eject when SOURCE is left out).");
    private final Flag force = flag("--force", "Take the medium out even when the guest holds the tray shut.");
    private final Flag block = flag("--block", "SOURCE is a block device.");
    private final Flag printXml = flag("--print-xml", "Print the XML that would be sent instead of changing the medium.");

    public ChangeMediaCommand() {
        super("change-media", "Change the medium of a cdrom or floppy drive.", false);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        exclusive(eject.get(), "--eject", insert.get(), "--insert");
        exclusive(eject.get(), "--eject", update.get(), "--update");
        exclusive(insert.get(), "--insert", update.get(), "--update");
        exclusive(eject.get(), "--eject", block.get(), "--block");
        boolean ej = eject.get() || update.get() && source.get() == null;
        boolean ins = insert.get();
        String action = ej ? "eject" : ins ? "insert" : "update";
        String done = ej ? "Successfully ejected media." : ins ? "Successfully inserted media."
                : "Successfully updated media.";
        ChangeScope scope = scope();
        String doc = client.xml(domain.get(), scope.config());
        String xml;
        try {
            xml = updated(DomainDevicesXml.of(doc).disk(path.get(), true), ej, ins);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (printXml.get()) {
            out().print(xml);
            out().flush();
            return 0;
        }
        try {
            new LiveClient(client).updateDevice(domain.get(), xml, scope, force.get());
        } catch (RuntimeException e) {
            // virsh says what failed first, then libvirt's reason
            throw new IllegalStateException("Failed to complete action " + action + " on media\nerror: "
                    + e.getMessage(), e);
        }
        if (json()) {
            printJson(Map.of("action", action, "path", path.get()));
        } else {
            out().println(done);
            out().println();
            out().flush();
        }
        return 0;
    }

    /** virshUpdateDiskXML: the disk with its source replaced (or removed) and its type set. */
    private String updated(XmlElement disk, boolean ej, boolean ins) {
        String device = disk.attributes().get("device");
        if (!"cdrom".equals(device) && !"floppy".equals(device)) {
            throw new IllegalArgumentException("The disk device '" + path.get() + "' is not removable");
        }
        XmlElement old = DomainDevicesXml.child(disk, "source");
        String newSource = ej ? null : source.get();
        if (ej && old == null) {
            throw new IllegalArgumentException("The disk device '" + path.get() + "' doesn't have media");
        }
        if (!ej && newSource == null) {
            throw new IllegalArgumentException("New disk media source was not specified");
        }
        if (ins && old != null && old.attributes().keySet().stream().anyMatch(a -> List.of("file", "dev", "dir",
                "pool", "name").contains(a))) {
            throw new IllegalArgumentException("The disk device '" + path.get() + "' already has media");
        }
        boolean blk = !ej && block.get();
        Map<String, String> attrs = new LinkedHashMap<>(disk.attributes());
        attrs.put("type", blk ? "block" : "file");
        List<XmlElement> children = new ArrayList<>();
        for (XmlElement c : disk.children()) {
            if (c.name().equals("source")) {
                continue;
            }
            if (c.name().equals("target") && newSource != null) {
                Map<String, String> sa = new LinkedHashMap<>();
                sa.put(blk ? "dev" : "file", newSource);
                children.add(new XmlElement("source", sa, List.of(), "", c.line()));
            }
            children.add(c);
        }
        return DomainDevicesXml.format(DomainDevicesXml.withChildren(disk, attrs, children));
    }
}
