package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What libvirt (and QEMU on x86) refuses in {@code <os>}, {@code <features>}, {@code <clock>}
 * and {@code <sysinfo>}, refused by jvirt at define with the element's line and a sentence.
 * Each document puts sysinfo on line 5, os on line 6, features on line 7 and clock on line 8.
 */
class OsFeaturesClockErrorTest {

    static final String Q35 = "<os><type machine='q35'>hvm</type></os>";
    static final String ACPI = "<features><acpi/></features>";

    static String doc(String sysinfo, String os, String features, String clock) {
        return "<domain type='kvm'>\n  <name>t</name>\n  <uuid>11111111-2222-4333-8444-555555555555</uuid>\n"
                + "  <memory>1024</memory>\n  " + sysinfo + "\n  " + os + "\n  " + features + "\n  " + clock
                + "\n</domain>\n";
    }

    static Arguments os(String label, String os, Kind kind, int line, String message) {
        return Arguments.of(label, doc("", os, ACPI, ""), kind, line, message);
    }

    static Arguments features(String label, String features, Kind kind, String message) {
        return Arguments.of(label, doc("", Q35, features, ""), kind, 7, message);
    }

    static Arguments clock(String label, String clock, Kind kind, String message) {
        return Arguments.of(label, doc("", Q35, ACPI, clock), kind, 8, message);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                os("loader path with automatic firmware", "<os firmware='efi'><type>hvm</type><loader "
                        + "readonly='yes'/></os>", Kind.CONFLICT, 6,
                        "The <loader> attribute 'readonly' cannot be given when the firmware is chosen "
                                + "automatically (<os firmware='efi'>); remove it, or remove the firmware attribute to "
                                + "name the firmware by hand."),
                os("insecure loader with automatic firmware", "<os firmware='efi'><type machine='q35'>hvm</type>"
                        + "<loader secure='no'/></os>", Kind.CONFLICT, 6, "The <loader> attribute 'secure' cannot be "
                        + "given when the firmware is chosen automatically (<os firmware='efi'>); remove it, or remove "
                        + "the firmware attribute to name the firmware by hand."),
                os("nvram template with automatic firmware", "<os firmware='efi'><type>hvm</type>"
                        + "<nvram template='/t.fd'/></os>", Kind.CONFLICT, 6, "The <nvram> attribute 'template' cannot "
                        + "be given when the firmware is chosen automatically; the chosen firmware names its own "
                        + "template."),
                os("nvram with bios", "<os firmware='bios'><type>hvm</type><nvram>/v.fd</nvram></os>",
                        Kind.CONFLICT, 6, "The firmware type 'bios' has no NVRAM; remove <nvram>."),
                os("bios not stateless", "<os firmware='bios'><type>hvm</type><loader stateless='no'/></os>",
                        Kind.CONFLICT, 6, "Only EFI firmware keeps variables in NVRAM; remove stateless='no' from "
                        + "<loader>."),
                os("firmware features without automatic firmware", "<os><type>hvm</type><firmware><feature "
                        + "enabled='no' name='secure-boot'/></firmware></os>", Kind.CONFLICT, 6, "<firmware> "
                        + "requirements need automatic firmware selection; add firmware='efi' to <os>."),
                os("enrolled keys without secure boot", "<os firmware='efi'><type>hvm</type><firmware><feature "
                        + "enabled='yes' name='enrolled-keys'/><feature enabled='no' name='secure-boot'/></firmware>"
                        + "</os>", Kind.CONFLICT, 6, "The firmware feature 'enrolled-keys' cannot be enabled when "
                        + "'secure-boot' is disabled: enrolled keys are Secure Boot keys."),
                os("unknown firmware feature", "<os firmware='efi'><type>hvm</type><firmware><feature enabled='yes' "
                        + "name='amd-sev'/></firmware></os>", Kind.INVALID_VALUE, 6, "<feature> attribute 'name' has "
                        + "the invalid value 'amd-sev'; expected enrolled-keys or secure-boot."),
                os("stateless loader with nvram", "<os><type>hvm</type><loader type='pflash' stateless='yes'>/c.fd"
                        + "</loader><nvram>/v.fd</nvram></os>", Kind.CONFLICT, 6, "A stateless <loader> has no "
                        + "<nvram>; remove one of them."),
                os("rom loader not stateless", "<os><type>hvm</type><loader stateless='no'>/b.bin</loader></os>",
                        Kind.CONFLICT, 6, "Only a <loader type='pflash'> keeps variables in NVRAM; remove "
                        + "stateless='no' or set type='pflash'."),
                os("loader without path", "<os><type>hvm</type><loader type='pflash'/></os>", Kind.MISSING_VALUE, 6,
                        "The <loader> needs the firmware path, or <os firmware='efi'> to choose one automatically."),
                os("network nvram", "<os><type>hvm</type><loader type='pflash'>/c.fd</loader><nvram type='network'>"
                        + "<source protocol='nbd' name='v'/></nvram></os>", Kind.UNSUPPORTED, 6, "jvirt keeps UEFI "
                        + "variables in local files only, not in an <nvram type='network'> store; use <nvram "
                        + "type='file'> or a path."),
                os("two acpi tables", "<os><type>hvm</type><acpi><table type='slic'>/a</table><table type='slic'>/b"
                        + "</table></acpi></os>", Kind.INVALID_VALUE, 6, "<acpi> holds exactly one <table "
                        + "type='slic'>, not 2."),
                os("reboot timeout too small", "<os><type>hvm</type><bios rebootTimeout='-2'/></os>",
                        Kind.INVALID_VALUE, 6, "The BIOS reboot timeout -2 is out of range; it must be from -1 to "
                        + "65535."),
                os("container init argument", "<os><type>hvm</type><initarg>--debug</initarg></os>",
                        Kind.UNSUPPORTED, 6, "<initarg> belongs to container domains (<type>exe</type>); a QEMU guest "
                                + "boots a <kernel> with a <cmdline> instead."),
                os("dtb without kernel", "<os><type>hvm</type><dtb>/b.dtb</dtb></os>", Kind.CONFLICT, 6,
                        "An <initrd>, <cmdline> or <dtb> needs a <kernel> to go with it."),
                Arguments.of("bios serial without a serial port", doc("", "<os><type>hvm</type><bios useserial='yes'/>"
                        + "</os>", ACPI, ""), Kind.MISSING_VALUE, 1,
                        "<bios useserial='yes'> prints to the first serial port, but the domain has no <serial>; "
                                + "add one."),
                Arguments.of("uefi without acpi", doc("", "<os firmware='efi'><type>hvm</type></os>", "", ""),
                        Kind.CONFLICT, 1, "UEFI firmware needs ACPI on x86: add <acpi/> to <features>."),
                features("viridian", "<features><acpi/><viridian/></features>", Kind.UNSUPPORTED,
                        "<viridian> is a Xen feature; for the Hyper-V enlightenments Windows uses under QEMU, write "
                                + "<hyperv> with the ones you want."),
                features("gic", "<features><acpi/><gic version='3'/></features>", Kind.UNSUPPORTED,
                        "<gic> configures the interrupt controller of ARM machines; x86 guests have no GIC, "
                                + "remove it."),
                features("pseries htm", "<features><acpi/><htm state='on'/></features>", Kind.UNSUPPORTED,
                        "<htm> is a feature of pSeries (ppc64) machines; x86 guests do not have it, remove it."),
                features("xen", "<features><acpi/><xen><e820_host state='on'/></xen></features>", Kind.UNSUPPORTED,
                        "<xen> features apply to Xen guests; remove it for QEMU."),
                features("spinlock retries too few", "<features><hyperv><spinlocks state='on' retries='100'/>"
                        + "</hyperv></features>", Kind.INVALID_VALUE, "The Hyper-V spinlock retry count 100 is too "
                        + "small; it must be at least 4095."),
                features("vendor id too long", "<features><hyperv><vendor_id state='on' value='0123456789abc'/>"
                        + "</hyperv></features>", Kind.INVALID_VALUE, "The Hyper-V vendor id '0123456789abc' must be 1 "
                        + "to 12 characters without commas."),
                features("dirty ring size", "<features><kvm><dirty-ring state='on' size='1000'/></kvm></features>",
                        Kind.INVALID_VALUE, "The dirty ring size 1000 must be a power of 2 from 1024 to 65536."),
                features("tseg not whole MiB", "<features><smm state='on'><tseg unit='KiB'>1000</tseg></smm>"
                        + "</features>", Kind.INVALID_VALUE, "The SMM TSEG size 1024000 bytes must be a whole number "
                        + "of MiB."),
                Arguments.of("tseg on i440fx", doc("", "<os><type machine='pc'>hvm</type></os>",
                        "<features><smm state='on'><tseg>8</tseg></smm></features>", ""), Kind.CONFLICT, 1,
                        "An SMM TSEG size (<tseg>) needs a q35 machine type, not 'pc'."),
                Arguments.of("tcg features on kvm", doc("", Q35, "<features><tcg><tb-cache>1048576</tb-cache></tcg>"
                        + "</features>", ""), Kind.CONFLICT, 1, "<tcg> features need <domain type='qemu'>, not 'kvm'."),
                clock("platform timer", "<clock offset='utc'><timer name='platform'/></clock>", Kind.UNSUPPORTED,
                        "QEMU has no 'platform' timer; remove it (the rtc, pit, hpet and tsc timers are "
                                + "configurable)."),
                clock("armvtimer", "<clock offset='utc'><timer name='armvtimer'/></clock>", Kind.UNSUPPORTED,
                        "The armvtimer timer exists on ARM machines only; x86 guests do not have it."),
                clock("rtc merge", "<clock offset='utc'><timer name='rtc' tickpolicy='merge'/></clock>",
                        Kind.UNSUPPORTED, "QEMU's rtc has no tick policy 'merge'; use 'delay' or 'catchup'."),
                clock("rtc track boot", "<clock offset='utc'><timer name='rtc' track='boot'/></clock>",
                        Kind.UNSUPPORTED, "QEMU cannot make the rtc track the boot time; use track='guest', 'wall' or "
                                + "'realtime'."),
                clock("kvmclock tick policy", "<clock offset='utc'><timer name='kvmclock' tickpolicy='delay'/></clock>",
                        Kind.CONFLICT, "The kvmclock timer has no tick policy; remove tickpolicy."),
                clock("catchup without catchup", "<clock offset='utc'><timer name='rtc' tickpolicy='delay'><catchup "
                        + "slew='1'/></timer></clock>", Kind.CONFLICT, "<catchup> belongs to a timer with "
                        + "tickpolicy='catchup'."),
                clock("frequency of the pit", "<clock offset='utc'><timer name='pit' frequency='100'/></clock>",
                        Kind.CONFLICT, "The pit timer has no frequency; only the tsc timer does."),
                clock("timer twice", "<clock offset='utc'><timer name='pit'/><timer name='pit'/></clock>",
                        Kind.DUPLICATE, "The timer 'pit' is listed twice."),
                clock("timezone missing", "<clock offset='timezone'/>", Kind.MISSING_VALUE,
                        "<clock> is missing the required attribute 'timezone'."),
                clock("absolute start too late", "<clock offset='absolute' start='253402300800'/>",
                        Kind.INVALID_VALUE, "The clock start 253402300800 is out of range; QEMU takes at most "
                                + "253402300799 (9999-12-31T23:59:59)."),
                clock("bad adjustment", "<clock offset='utc' adjustment='soon'/>", Kind.INVALID_VALUE,
                        "<clock> attribute 'adjustment' has the invalid value 'soon'; expected a number of seconds, "
                                + "such as -3600 or 86400."),
                Arguments.of("sysinfo uuid mismatch", doc("<sysinfo type='smbios'><system><entry name='uuid'>"
                        + "11111111-2222-4333-8444-555555555556</entry></system></sysinfo>", Q35, ACPI, ""),
                        Kind.CONFLICT, 1, "The <sysinfo> system uuid 11111111-2222-4333-8444-555555555556 differs from "
                                + "the domain <uuid> 11111111-2222-4333-8444-555555555555; they must be equal."),
                Arguments.of("bios date", doc("<sysinfo type='smbios'><bios><entry name='date'>2023-01-02</entry>"
                        + "</bios></sysinfo>", Q35, ACPI, ""), Kind.INVALID_VALUE, 5,
                        "The BIOS date '2023-01-02' is not valid; write mm/dd/yyyy (or mm/dd/yy for 19yy)."),
                Arguments.of("unknown smbios entry", doc("<sysinfo type='smbios'><chassis><entry name='colour'>red"
                        + "</entry></chassis></sysinfo>", Q35, ACPI, ""), Kind.INVALID_VALUE, 5, "<chassis> has no "
                        + "entry 'colour'; it takes manufacturer, version, serial, asset, sku."),
                Arguments.of("reserved fw_cfg name", doc("<sysinfo type='fwcfg'><entry name='opt/ovmf/x'>1</entry>"
                        + "</sysinfo>", Q35, ACPI, ""), Kind.INVALID_VALUE, 5, "The fw_cfg entry name 'opt/ovmf/x' is "
                        + "reserved for QEMU and its firmware; choose another name under opt/."),
                Arguments.of("two smbios sysinfos", doc("<sysinfo type='smbios'><bios><entry name='vendor'>a</entry>"
                        + "</bios></sysinfo><sysinfo type='smbios'><bios><entry name='vendor'>b</entry></bios>"
                        + "</sysinfo>", Q35, ACPI, ""), Kind.DUPLICATE, 1,
                        "A domain has at most one <sysinfo> of each type."),
                Arguments.of("lock failure action", doc("", Q35, ACPI, "<on_lockfailure>explode</on_lockfailure>"),
                        Kind.INVALID_VALUE, 8, "<on_lockfailure> has the invalid value 'explode'; expected one of "
                                + "poweroff, restart, pause, ignore."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejects(String label, String xml, Kind kind, int line, String message) {
        assertThatThrownBy(() -> DomainXml.parse(xml)).isInstanceOfSatisfying(ConfException.class, e -> {
            assertThat(e.kind()).as("kind").isEqualTo(kind);
            assertThat(e.line()).as("line").isEqualTo(line);
            assertThat(e.getMessage()).isEqualTo("domain XML line " + line + ": " + message);
        });
    }
}
