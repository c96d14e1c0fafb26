package io.jvirt.cli.install;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forms of {@code --panic}, {@code --vsock}, {@code --iommu}, {@code --redirdev},
 * {@code --pm} and {@code --seclabel} that the virt-install golden set does not hold, and their
 * refusals.
 */
class ExtraDeviceOptionsTest {
    private static String xml(String... options) {
        List<String> argv = new ArrayList<>(List.of("--name", "x", "--memory", "512", "--osinfo", "debian11",
                "--import", "--disk", FakeHost.W + "/img/debian12.qcow2"));
        argv.addAll(List.of(options));
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(argv.toArray(String[]::new));
        InstallPlan plan = new InstallPlanner(new FakeHost(), new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(5))
                .plan(cmd.args());
        return DomainXml.format(plan.domain(), Secrets.INCLUDE);
    }

    @Test
    void virtInstallsOlderAndDefaultForms() {
        // --panic 0xIOBASE is the isa panic device at that port; --vsock alone lets the host choose the CID
        assertThat(xml("--panic", "0x506", "--vsock", "virtio", "--redirdev", "none", "--pm",
                "suspend_to_disk.enabled=on")).contains("<panic model='isa'>", "iobase='0x506'",
                "<cid auto='yes'/>", "<suspend-to-mem enabled='no'/>", "<suspend-to-disk enabled='yes'/>")
                .doesNotContain("<redirdev");
        assertThat(xml("--seclabel", "type=dynamic,model=dac,relabel=yes")).contains("<seclabel type='dynamic' "
                + "model='dac' relabel='yes'/>");
    }

    @Test
    void badValuesAreReportedTogether() {
        assertThatThrownBy(() -> xml("--iommu", "amd", "--panic", "bogus", "--shmem", "model.type=ivshmem-plain",
                "--seclabel", "type=strange"))
                .isInstanceOf(InstallException.class)
                .satisfies(e -> assertThat(((InstallException) e).problems()).containsExactly(
                        "--panic model 'bogus' is not known; use isa (the default) or hyperv.",
                        "--iommu needs a model jvirt knows: intel or virtio.",
                        "--shmem needs a name, such as --shmem ivshmem0,model.type=ivshmem-plain,size=8,size.unit=M.",
                        "The value 'strange' of --seclabel type is not known; use one of dynamic, none, static."));
    }
}
