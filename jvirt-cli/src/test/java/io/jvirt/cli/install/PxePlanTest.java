package io.jvirt.cli.install;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --pxe}'s boot orders, default disk and warning, as virt-install 4.1 makes them; each expected
 * value was read from {@code virt-install --connect test:///default --print-xml} with the same options.
 */
class PxePlanTest {
    private static final Pattern BOOT = Pattern.compile("<boot dev=\"(\\w+)\"/>");
    private final FakeHost host = new FakeHost();

    private InstallPlan plan(String... argv) {
        List<String> all = new ArrayList<>(List.of("--name", "p", "--memory", "256", "--osinfo", "debian11"));
        all.addAll(List.of(argv));
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(all.toArray(String[]::new));
        return new InstallPlanner(host, new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(3)).plan(cmd.args());
    }

    private static List<String> bootOrder(DomainDef d) {
        Matcher m = BOOT.matcher(DomainXml.format(d, Secrets.INCLUDE).replace('\'', '"'));
        List<String> devs = new ArrayList<>();
        while (m.find()) {
            devs.add(m.group(1));
        }
        return devs;
    }

    @Test
    void withADiskTheInstallBootTriesTheNetworkFirstAndTheInstalledGuestBootsItsDisk() {
        InstallPlan plan = plan("--pxe", "--network", "network=default", "--disk", "size=1");
        assertThat(plan.hasInstallPhase()).isTrue();
        assertThat(bootOrder(plan.installDomain())).containsExactly("network", "hd");
        assertThat(bootOrder(plan.domain())).containsExactly("hd");
        assertThat(DomainXml.format(plan.installDomain(), Secrets.INCLUDE)).contains("<on_reboot>destroy</on_reboot>");
        assertThat(DomainXml.format(plan.domain(), Secrets.INCLUDE)).doesNotContain("<on_reboot>destroy");
    }

    @Test
    void withoutDisksBothBootsUseTheNetwork() {
        InstallPlan plan = plan("--pxe", "--network", "network=default", "--nodisks");
        assertThat(bootOrder(plan.installDomain())).containsExactly("network");
        assertThat(bootOrder(plan.domain())).containsExactly("network");
        assertThat(plan.volumes()).isEmpty();
    }

    @Test
    void withoutDiskOptionsTheOsDefaultDiskIsCreatedAsForEveryInstallMethod() {
        InstallPlan plan = plan("--pxe", "--network", "network=default");
        assertThat(plan.notes()).contains("Using debian11 default --disk size=20");
        assertThat(plan.volumes()).singleElement().satisfies(v -> assertThat(v.name()).isEqualTo("p.qcow2"));
        assertThat(bootOrder(plan.installDomain())).containsExactly("network", "hd");
    }

    @Test
    void aCdromInstallWithoutDisksBootsTheCdromAfterwardsToo() {
        host.image(FakeHost.W + "/media/x.iso", "raw", 1 << 20);
        InstallPlan plan = plan("--cdrom", FakeHost.W + "/media/x.iso", "--network", "network=default", "--nodisks");
        assertThat(bootOrder(plan.installDomain())).containsExactly("cdrom");
        assertThat(bootOrder(plan.domain())).containsExactly("cdrom");
    }

    @Test
    void aNetworkWithoutABootFileGetsAWarningThatSaysHowToAddOne() {
        host.unbootable.add("default");
        InstallPlan plan = plan("--pxe", "--network", "network=default", "--nodisks");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("WARNING The network 'default' hands out "
                + "no boot file").contains("<dhcp><bootp file='FILE'/></dhcp>").endsWith("jvirt net-edit default."));
        InstallPlan fine = plan("--pxe", "--network", "bridge=br0", "--nodisks");
        assertThat(fine.notes()).noneSatisfy(n -> assertThat(n).startsWith("WARNING"));
        InstallPlan user = plan("--pxe", "--network", "user", "--nodisks");
        assertThat(user.notes()).anySatisfy(n -> assertThat(n).contains("no network card that can boot"));
    }
}
