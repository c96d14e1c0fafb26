package io.jvirt.qemu.probe;

import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.probe.FakeQemu.Boot;
import io.jvirt.qemu.probe.FakeQemu.Payload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe's decisions, against a scripted stand-in for QEMU and a stand-in /dev/kvm. */
class AccelProbeTest {
    @TempDir
    Path dir;

    private FakeQemu qemu;
    private Path kvm;
    private TestGuest guest;

    @BeforeEach
    void setUp() throws IOException {
        qemu = new FakeQemu(Files.createDirectory(dir.resolve("bin")));
        kvm = Files.createFile(dir.resolve("kvm"));
        guest = new TestGuest(Files.writeString(dir.resolve("vmlinuz"), "kernel"),
                Files.writeString(dir.resolve("initrd.img"), "initrd"));
    }

    private AccelProbe.Config config() {
        return AccelProbe.Config.defaults().withQemu(qemu.binary(), kvm)
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void theEnvironmentCanForceOrLeaveTheChoice() {
        assertThat(AccelProbe.Config.forcedBy(Map.of("JVIRT_ACCEL", "kvm"))).contains(Accel.KVM);
        assertThat(AccelProbe.Config.forcedBy(Map.of("JVIRT_ACCEL", " TCG "))).contains(Accel.TCG);
        assertThat(AccelProbe.Config.forcedBy(Map.of("JVIRT_ACCEL", "auto"))).isEmpty();
        assertThat(AccelProbe.Config.forcedBy(Map.of())).isEmpty();
        assertThatThrownBy(() -> AccelProbe.Config.forcedBy(Map.of("JVIRT_ACCEL", "hvf")))
                .hasMessage("JVIRT_ACCEL is set to 'hvf', but it must be kvm, tcg or auto.");
    }

    @Test
    void aForcedAcceleratorRunsNothing() throws IOException {
        AccelResult r = new AccelProbe(config().withForced(Optional.of(Accel.KVM))).result();

        assertThat(r.accel()).isEqualTo(Accel.KVM);
        assertThat(r.reason()).isEqualTo("The accelerator is set to KVM by configuration (JVIRT_ACCEL or the "
                + "daemon's settings); KVM was not probed.");
        assertThat(qemu.runs()).isEmpty();
    }

    @Test
    void noKvmDeviceMeansTcg() throws IOException {
        Files.delete(kvm);
        AccelResult r = new AccelProbe(config()).probeNow();

        assertThat(r).isEqualTo(new AccelResult(Accel.TCG,
                "KVM is unavailable on this host: " + kvm + " does not exist; using TCG software emulation."));
        assertThat(qemu.runs()).isEmpty();
    }

    @Test
    void aPayloadThatHangsMeansTcgAndSaysHowFarItGot() throws IOException {
        qemu.behave(Payload.HANGS_IN_PROTECTED_MODE, Boot.READY);
        long start = System.nanoTime();
        AccelResult r = new AccelProbe(config()).probeNow();

        assertThat(r).isEqualTo(new AccelResult(Accel.TCG, "KVM is unusable on this host: a minimal firmware "
                + "payload did not finish within 0.5 s under " + kvm + " (it reached 32-bit protected mode but not "
                + "64-bit mode); using TCG software emulation."));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(qemu.runs()).singleElement().asString().contains("-bios", "accel=kvm", "isa-debug-exit");
    }

    @Test
    void qemuRefusingKvmMeansTcgWithQemusWords() throws IOException {
        qemu.behave(Payload.KVM_FAILS, Boot.READY);
        AccelResult r = new AccelProbe(config()).probeNow();

        assertThat(r).isEqualTo(new AccelResult(Accel.TCG, "KVM is unusable on this host: QEMU could not run a "
                + "guest with accel=kvm (exit status 1: qemu-system-x86_64: failed to initialize kvm: Permission "
                + "denied); using TCG software emulation."));
    }

    @Test
    void withoutATestGuestAWorkingPayloadMeansKvmButSaysLinuxWasNotChecked() {
        AccelResult r = new AccelProbe(config()).probeNow();

        assertThat(r.accel()).isEqualTo(Accel.KVM);
        assertThat(r.reason()).startsWith("KVM appears to work on this host: a firmware payload ran through real, "
                        + "protected and 64-bit mode under " + kvm + " in ")
                .endsWith("; booting Linux was not checked because no test guest was configured.");
    }

    @Test
    void aMissingTestGuestFallsBackToThePayloadAndSaysSo() throws IOException {
        Files.delete(guest.initrd());
        AccelResult r = new AccelProbe(config().withGuest(guest)).probeNow();

        assertThat(r.accel()).isEqualTo(Accel.KVM);
        assertThat(r.reason()).endsWith("; booting Linux was not checked because the test guest " + guest.kernel()
                + " or " + guest.initrd() + " does not exist.");
        assertThat(qemu.runs()).singleElement().asString().contains("-bios");
    }

    @Test
    void aTestGuestDecidesWithoutThePayload() throws IOException {
        qemu.behave(Payload.HANGS_IN_PROTECTED_MODE, Boot.READY);
        AccelResult r = new AccelProbe(config().withGuest(guest)).probeNow();

        assertThat(r.accel()).isEqualTo(Accel.KVM);
        assertThat(qemu.runs()).singleElement().asString().contains("-kernel");
    }

    @Test
    void aTestGuestThatBootsMeansKvm() throws IOException {
        AccelResult r = new AccelProbe(config().withGuest(guest)).probeNow();

        assertThat(r.accel()).isEqualTo(Accel.KVM);
        assertThat(r.reason()).matches("KVM works on this host: a test guest booted to userspace in [0-9.]+ s under "
                + kvm + "\\.");
        assertThat(qemu.runs()).singleElement().asString().contains("accel=kvm", "-kernel " + guest.kernel(),
                "-initrd " + guest.initrd(), "console=ttyS0");
    }

    @Test
    void aTestGuestThatHangsMeansTcg() throws IOException {
        qemu.behave(Payload.COMPLETES, Boot.HANGS);
        AccelResult r = new AccelProbe(config().withGuest(guest)).probeNow();

        assertThat(r).isEqualTo(new AccelResult(Accel.TCG, "KVM is unusable on this host: a test guest did not "
                + "finish booting within 1 s under " + kvm + "; using TCG software emulation."));
    }

    @Test
    void aTestGuestThatStopsEarlyMeansTcg() throws IOException {
        qemu.behave(Payload.COMPLETES, Boot.PANICS);
        AccelResult r = new AccelProbe(config().withGuest(guest)).probeNow();

        assertThat(r).isEqualTo(new AccelResult(Accel.TCG, "KVM is unusable on this host: a test guest stopped "
                + "(QEMU exit status 0) before it finished booting under " + kvm + "; using TCG software emulation."));
    }

    @Test
    void theResultIsCachedUntilQemuOrTheGuestChanges() throws IOException {
        Path cache = dir.resolve("state/accel.properties");
        AccelProbe.Config c = config().withGuest(guest).withCacheFile(cache);
        AccelResult first = new AccelProbe(c).result();
        qemu.behave(Payload.COMPLETES, Boot.PANICS);

        assertThat(new AccelProbe(c).result()).isEqualTo(first);
        assertThat(qemu.runs()).hasSize(1);
        assertThat(Files.readString(cache)).contains("accel=KVM", "probeMillis=");

        qemu.version("8.0.0");
        assertThat(new AccelProbe(c).result().accel()).isEqualTo(Accel.TCG);
        assertThat(qemu.runs()).hasSize(2);

        qemu.behave(Payload.COMPLETES, Boot.READY);
        Files.writeString(guest.kernel(), "a newer kernel");
        assertThat(new AccelProbe(c).result().accel()).isEqualTo(Accel.KVM);
        assertThat(qemu.runs()).hasSize(3);
    }

    @Test
    void qemuAbortingWithTheHostCpuMeansTcgAtOnce() throws IOException {
        qemu.behave(Payload.ABORTS_SETTING_MSR, Boot.ABORTS_SETTING_MSR);
        for (AccelProbe.Config c : new AccelProbe.Config[] {config(), config().withGuest(guest)}) {
            long start = System.nanoTime();
            AccelResult r = new AccelProbe(c.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))).probeNow();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(r.accel()).isEqualTo(Accel.TCG);
            assertThat(r.reason()).contains("failed to set MSR 0x10a to 0x69").endsWith("using TCG software emulation.");
        }
        assertThat(qemu.runs()).allSatisfy(run -> assertThat(run).contains("-cpu host"));
    }
}
