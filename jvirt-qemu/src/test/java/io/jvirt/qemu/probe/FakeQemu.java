package io.jvirt.qemu.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A shell script standing in for qemu-system-x86_64: it answers --version, plays the
 * firmware payload ("-bios") and the test-guest boot ("-kernel") as told, and logs each call.
 */
final class FakeQemu {
    /** What the fake does when asked to run the firmware payload. */
    enum Payload { COMPLETES, HANGS_IN_PROTECTED_MODE, KVM_FAILS, ABORTS_SETTING_MSR }

    /** What the fake does when asked to boot the test guest. */
    enum Boot { READY, HANGS, PANICS, ABORTS_SETTING_MSR }

    private final Path dir;

    FakeQemu(Path dir) throws IOException {
        this.dir = dir;
        Path script = dir.resolve("qemu-system-x86_64");
        Files.writeString(script, """
                #!/bin/bash
                here=$(dirname "$0")
                echo "$*" >>"$here/calls"
                abort_msr() {
                  # what QEMU 7.2 does with -cpu host on AMD hosts under nested kvm_pvm
                  echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
                  echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion \\`ret == cpu->kvm_msr_buf->nmsrs' failed." >&2
                  kill -ABRT $$
                }
                case "$*" in
                  --version) echo "QEMU emulator version $(cat "$here/version") (fake)"; exit 0 ;;
                  *-bios*)
                    echo "qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni" >&2
                    case $(cat "$here/payload") in
                      COMPLETES) printf RPL; exit 99 ;;
                      HANGS_IN_PROTECTED_MODE) printf RP; exec sleep 30 ;;
                      KVM_FAILS) echo "qemu-system-x86_64: failed to initialize kvm: Permission denied" >&2; exit 1 ;;
                      ABORTS_SETTING_MSR) abort_msr ;;
                    esac ;;
                  *-kernel*)
                    case $(cat "$here/boot") in
                      READY) printf 'SeaBIOS\\r\\nJVIRT-GUEST-READY\\r\\n'; exec sleep 30 ;;
                      HANGS) printf 'Probing EDD... ok\\r\\n'; exec sleep 30 ;;
                      PANICS) echo "Kernel panic - not syncing"; exit 0 ;;
                      ABORTS_SETTING_MSR) abort_msr ;;
                    esac ;;
                esac
                exit 2
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        version("7.2.22");
        behave(Payload.COMPLETES, Boot.READY);
    }

    String binary() {
        return dir.resolve("qemu-system-x86_64").toString();
    }

    void behave(Payload payload, Boot boot) throws IOException {
        Files.writeString(dir.resolve("payload"), payload.name());
        Files.writeString(dir.resolve("boot"), boot.name());
    }

    void version(String v) throws IOException {
        Files.writeString(dir.resolve("version"), v);
    }

    /** Returns the argument lines of every call except --version. */
    List<String> runs() throws IOException {
        Path calls = dir.resolve("calls");
        return Files.exists(calls)
                ? Files.readAllLines(calls).stream().filter(l -> !l.equals("--version")).toList()
                : List.of();
    }
}
