package io.jvirt.cli.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jvirt's ISO 9660 reading and install-tree detection against images xorriso writes (with Rock
 * Ridge names and with plain ISO 9660 names), and the staging of a --location kernel and initrd
 * with --initrd-inject files, whose appended cpio archive {@code cpio} itself must list.
 */
class IsoImageTest {
    @TempDir
    Path tmp;

    private Path debianIso(boolean rockRidge) throws Exception {
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("install.amd"));
        Files.writeString(tree.resolve("install.amd/vmlinuz"), "kernel bytes");
        Files.write(tree.resolve("install.amd/initrd.gz"), new byte[5000]);
        Path iso = tmp.resolve("d.iso");
        List<String> cmd = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet"));
        if (rockRidge) {
            cmd.add("-R");
        }
        cmd.addAll(List.of("-V", "Debian 12.5.0 amd64 n", "-o", iso.toString(), tree.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return iso;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void findsADebianIsosKernelAndReadsItsFiles(boolean rockRidge) throws Exception {
        Path iso = debianIso(rockRidge);
        assertThat(IsoImage.volumeIdOf(iso)).isEqualTo("Debian 12.5.0 amd64 n");
        assertThat(LocationTree.inIso(iso)).isEqualTo(
                new LocationTree.Found("Debian ISO", "install.amd/vmlinuz", "install.amd/initrd.gz"));
        try (IsoImage image = IsoImage.open(iso)) {
            assertThat(new String(image.read(image.find("install.amd/vmlinuz")), StandardCharsets.UTF_8))
                    .isEqualTo("kernel bytes");
            assertThat(image.read(image.find("install.amd/initrd.gz"))).hasSize(5000);
            assertThat(image.find("install.amd/nothing")).isNull();
        }
    }

    @Test
    void aFileThatIsNoIsoHasNoVolumeId() throws Exception {
        Path f = tmp.resolve("x.img");
        Files.write(f, new byte[64 * 1024]);
        assertThat(IsoImage.volumeIdOf(f)).isNull();
    }

    @Test
    void stagingExtractsFromTheIsoAndAppendsInjectedFilesAsACpioArchive() throws Exception {
        Path iso = debianIso(true);
        Path ks = tmp.resolve("preseed.cfg");
        Files.writeString(ks, "d-i debian-installer/locale string en_US\n");
        Path out = tmp.resolve("staged");
        InstallPlan.KernelMedia media = new InstallPlan.KernelMedia(new TreeSource.Iso(iso), "install.amd/vmlinuz",
                "install.amd/initrd.gz", out.resolve("k"), out.resolve("i"), List.of(ks));
        List<Path> written = new InstallMediaStager().stage(media);
        assertThat(written).containsExactly(out.resolve("k"), out.resolve("i"));
        assertThat(Files.readString(out.resolve("k"))).isEqualTo("kernel bytes");
        byte[] initrd = Files.readAllBytes(out.resolve("i"));
        assertThat(initrd.length).isGreaterThan(5000);
        Path appended = tmp.resolve("appended.cpio");
        Files.write(appended, java.util.Arrays.copyOfRange(initrd, 5000, initrd.length));
        Process p = new ProcessBuilder("cpio", "-it", "--quiet").redirectInput(appended.toFile())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        p.getInputStream().transferTo(listing);
        assertThat(p.waitFor()).isZero();
        assertThat(listing.toString(StandardCharsets.UTF_8).lines()).containsExactly("preseed.cfg");
    }

    @Test
    void subOptionsKeepQuotedCommasAndReportEveryUnknownName() {
        SubOptions o = SubOptions.parse("--boot", "kernel=/k,kernel_args='console=ttyS0,115200 quiet',x=1,y");
        assertThat(o.get("kernel")).isEqualTo("/k");
        assertThat(o.get("kernel_args")).isEqualTo("console=ttyS0,115200 quiet");
        Problems p = new Problems();
        o.reportUnused(p);
        try {
            p.throwIfAny();
        } catch (InstallException e) {
            assertThat(e.problems()).containsExactly(
                    "The --boot sub-option 'x' is unknown here; see jvirt install --help and virt-install's --boot syntax.",
                    "The --boot sub-option 'y' is unknown here; see jvirt install --help and virt-install's --boot syntax.");
            return;
        }
        throw new AssertionError("no problem reported");
    }
}
