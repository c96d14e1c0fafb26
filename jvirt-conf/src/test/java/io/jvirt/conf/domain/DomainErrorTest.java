package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per bad document: the expected kind, line and full message. */
class DomainErrorTest {

    /** A valid domain whose {@code <devices>} content starts on line 7. */
    private static String withDevices(String devices) {
        return """
                <domain type='kvm'>
                  <name>t</name>
                  <memory>1024</memory>
                  <vcpu>1</vcpu>
                  <os><type>hvm</type></os>
                  <devices>
                """ + devices + "\n  </devices>\n</domain>\n";
    }

    /** A domain with the given name, memory lines (3-4) and vcpu line (5). */
    private static String top(String name, String memory, String vcpu) {
        return "<domain type='kvm'>\n  <name>" + name + "</name>\n" + memory + "\n" + vcpu
                + "\n  <os><type>hvm</type></os>\n</domain>\n";
    }

    private static final String MEM = "  <memory>1024</memory>\n  <currentMemory>1024</currentMemory>";
    private static final String DISK_VDA = "<disk type='file' device='disk'><source file='/a.img'/>"
            + "<target dev='vda' bus='virtio'/></disk>";

    static Stream<Arguments> rows() {
        return Stream.of(
                row("unknown device element", withDevices("    <foo/>"), Kind.UNKNOWN_ELEMENT, 7,
                        "unknown element <foo> inside <devices>: libvirt does not know it either; check its spelling."),
                row("unknown disk attribute", withDevices("""
                            <disk type='file' device='disk' bogus='1'>
                              <source file='/a.img'/>
                              <target dev='vda'/>
                            </disk>"""), Kind.UNKNOWN_ATTRIBUTE, 7,
                        "unknown attribute 'bogus' on <disk>: libvirt does not know it either; check its spelling."),
                row("unknown nested element", withDevices("""
                            <disk type='file' device='disk'>
                              <source file='/a.img'/>
                              <target dev='vda'/>
                              <iotunes/>
                            </disk>"""), Kind.UNKNOWN_ELEMENT, 10,
                        "unknown element <iotunes> inside <disk>: libvirt does not know it either; check its spelling "
                                + "(did you mean <iotune>?)."),
                row("unknown source attribute", withDevices("""
                            <disk type='file' device='disk'>
                              <source file='/a.img' dev='/dev/sda'/>
                              <target dev='vda'/>
                            </disk>"""), Kind.CONFLICT, 8,
                        "The attribute 'dev' on <source> does not apply to a disk of type 'file'; remove it."),
                row("name with slash", top("a/b", MEM, "  <vcpu>1</vcpu>"), Kind.INVALID_VALUE, 2,
                        "domain name 'a/b' must not contain '/'."),
                row("name dot dot", top("..", MEM, "  <vcpu>1</vcpu>"), Kind.INVALID_VALUE, 2,
                        "domain name '..' is not allowed."),
                row("name empty", top("", MEM, "  <vcpu>1</vcpu>"), Kind.MISSING_VALUE, 2,
                        "The domain name must not be empty."),
                row("name control character", top("a&#9;b", MEM, "  <vcpu>1</vcpu>"), Kind.INVALID_VALUE, 2,
                        "domain name 'a\\x09b' must not contain control characters."),
                row("name too long", top("n".repeat(201), MEM, "  <vcpu>1</vcpu>"), Kind.INVALID_VALUE, 2,
                        "The domain name is 201 characters long; at most 200 are allowed."),
                row("memory zero", top("t", "  <memory>0</memory>", "  <vcpu>1</vcpu>"), Kind.INVALID_VALUE, 3,
                        "The domain memory must be more than 0."),
                row("memory bad unit", top("t", "  <memory unit='XB'>1</memory>", "  <vcpu>1</vcpu>"),
                        Kind.INVALID_VALUE, 3, "The memory unit 'XB' is not known; use b, KiB, MiB, GiB, TiB, PiB, "
                                + "EiB, or KB, MB, GB, TB, PB, EB."),
                row("memory not a number", top("t", "  <memory>1.5</memory>", "  <vcpu>1</vcpu>"),
                        Kind.INVALID_VALUE, 3, "The memory size '1.5' is not a whole number."),
                row("memory overflow", top("t", "  <memory unit='EiB'>9000000</memory>", "  <vcpu>1</vcpu>"),
                        Kind.INVALID_VALUE, 3, "The memory size 9000000 EiB is too large."),
                row("current memory above memory",
                        top("t", "  <memory>1024</memory>\n  <currentMemory>2048</currentMemory>", "  <vcpu>1</vcpu>"),
                        Kind.CONFLICT, 4, "The current memory (2048 KiB) must not be more than the memory (1024 KiB)."),
                row("vcpu current above max", top("t", MEM, "  <vcpu current='3'>2</vcpu>"), Kind.INVALID_VALUE, 5,
                        "The current vCPU count 3 must be at least 1 and at most the maximum vCPU count 2."),
                row("vcpu zero", top("t", MEM, "  <vcpu>0</vcpu>"), Kind.INVALID_VALUE, 5,
                        "The vCPU count 0 is out of range; it must be from 1 to 4096."),
                row("vcpu not a number", top("t", MEM, "  <vcpu>two</vcpu>"), Kind.INVALID_VALUE, 5,
                        "<vcpu> has the invalid value 'two'; expected a number from 0 to 4096."),
                row("domain type", "<domain type='xen'>\n  <name>t</name>\n  <memory>1</memory>\n  <os><type>hvm</type></os>\n</domain>", Kind.INVALID_VALUE, 1,
                        "<domain> attribute 'type' has the invalid value 'xen'; expected one of kvm, qemu."),
                row("missing os", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n  <vcpu>1</vcpu>\n"
                        + "</domain>", Kind.MISSING_VALUE, 1, "<domain> is missing the required element <os>."),
                row("wrong root", "<network>\n  <name>t</name>\n</network>", Kind.UNKNOWN_ELEMENT, 1,
                        "the root element is <network>, but a domain definition must start with <domain>."),
                row("duplicate name", "<domain type='kvm'>\n  <name>a</name>\n  <name>b</name>\n  <memory>1</memory>\n  <os><type>hvm</type></os>\n</domain>",
                        Kind.DUPLICATE, 3, "<name> may appear only once inside <domain>."),
                row("unknown os child", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os>\n    <type>hvm</type>\n    <root>/dev/sda1</root>\n  </os>\n"
                        + "</domain>",
                        Kind.UNSUPPORTED, 7, "jvirt does not support <root> inside <os> yet; remove it to use this "
                                + "definition with jvirt."),
                row("xml not well formed", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</mem>\n</domain>",
                        Kind.XML_SYNTAX, 3, null),
                row("doctype refused", "<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY x SYSTEM "
                        + "'file:///etc/passwd'>]>\n<domain type='kvm'><name>&x;</name></domain>", Kind.XML_SYNTAX, 2,
                        "the XML contains a DOCTYPE declaration, and DTDs are not allowed."),
                row("duplicate disk target", withDevices("    " + DISK_VDA + "\n    " + DISK_VDA), Kind.DUPLICATE, 6,
                        "The disk target 'vda' is used by more than one disk."),
                row("disk without target", withDevices(
                                "    <disk type='file' device='disk'><source file='/a.img'/></disk>"),
                        Kind.MISSING_VALUE, 7, "<disk> is missing the required element <target>."),
                row("disk relative source", withDevices("    <disk type='file' device='disk'>"
                                + "<source file='a.img'/><target dev='vda'/></disk>"), Kind.INVALID_VALUE, 7,
                        "The disk source file 'a.img' must be an absolute path without control characters."),
                row("disk bad target name", withDevices("    <disk type='file' device='disk'>"
                                + "<source file='/a.img'/><target dev='xyz'/></disk>"), Kind.INVALID_VALUE, 7,
                        "The disk target device name 'xyz' is not valid."),
                row("disk without source", withDevices(
                                "    <disk type='file' device='disk'><target dev='vda'/></disk>"), Kind.MISSING_VALUE, 7,
                        "The disk 'vda' needs a <source>; only a CD-ROM, a floppy or a LUN may be empty."),
                row("volume disk without source", withDevices(
                                "    <disk type='volume' device='disk'><target dev='vda'/></disk>"), Kind.MISSING_VALUE, 7,
                        "The volume disk 'vda' needs <source pool='...' volume='...'/>."),
                row("volume disk without volume", withDevices("    <disk type='volume' device='disk'>"
                                + "<source pool='p'/><target dev='vda'/></disk>"), Kind.MISSING_VALUE, 7,
                        "<source> is missing the required attribute 'volume'."),
                row("volume name escaping its pool", withDevices("    <disk type='volume' device='disk'>"
                                + "<source pool='p' volume='../../etc/shadow'/><target dev='vda'/></disk>"),
                        Kind.INVALID_VALUE, 7, "The volume name '../../etc/shadow' must not contain '/'."),
                row("volume name dot dot", withDevices("    <disk type='volume' device='disk'>"
                                + "<source pool='p' volume='..'/><target dev='vda'/></disk>"),
                        Kind.INVALID_VALUE, 7, "The volume name '..' must not start with '.'."),
                row("pool name with slash", withDevices("    <disk type='volume' device='disk'>"
                                + "<source pool='a/b' volume='v'/><target dev='vda'/></disk>"),
                        Kind.INVALID_VALUE, 7, "The pool name 'a/b' must not contain '/'."),
                row("file disk naming a pool", withDevices("    <disk type='file' device='disk'>"
                                + "<source file='/a.img' pool='p'/><target dev='vda'/></disk>"),
                        Kind.CONFLICT, 7, "The attribute 'pool' on <source> does not apply to a disk of type "
                                + "'file'; remove it."),
                row("cdrom on virtio", withDevices("    <disk type='file' device='cdrom'><target dev='vdb'/></disk>"),
                        Kind.CONFLICT, 7, "The CD-ROM 'vdb' cannot use the virtio bus, which has no removable media; "
                                + "use sata, scsi, ide or usb."),
                row("bad cache value", withDevices("""
                            <disk type='file' device='disk'>
                              <driver name='qemu' type='raw' cache='fast'/>
                              <source file='/a.img'/>
                              <target dev='vda'/>
                            </disk>"""), Kind.INVALID_VALUE, 8, "<driver> attribute 'cache' has the invalid value "
                                + "'fast'; expected one of default, none, writethrough, writeback, directsync, unsafe."),
                row("native io needs direct cache", withDevices("""
                            <disk type='file' device='disk'>
                              <driver name='qemu' type='raw' io='native'/>
                              <source file='/a.img'/>
                              <target dev='vda'/>
                            </disk>"""), Kind.CONFLICT, 7,
                        "The disk 'vda' uses io='native', which needs cache='none' or cache='directsync'."),
                row("floppy on ide", withDevices("    <disk type='file' device='floppy'><source file='/f.img'/>"
                                + "<target dev='fda' bus='ide'/></disk>"), Kind.CONFLICT, 7,
                        "The floppy 'fda' must be on the fdc bus, not ide."),
                row("lun from a file", withDevices("    <disk type='file' device='lun'><source file='/a.img'/>"
                                + "<target dev='sda' bus='scsi'/></disk>"), Kind.CONFLICT, 7,
                        "The LUN 'sda' needs a block device source (type 'block'), not type 'file'."),
                row("iscsi auth with a ceph secret", withDevices("    <disk type='network' device='disk'>"
                                + "<source protocol='iscsi' name='iqn.x/1'><host name='h'/>"
                                + "<auth username='u'><secret type='ceph' usage='s'/></auth></source>"
                                + "<target dev='vda'/></disk>"), Kind.CONFLICT, 7,
                        "The <auth> secret of disk 'vda' must be of type 'iscsi', not 'ceph'."),
                row("iothread without iothreads", withDevices("    <disk type='file' device='disk'>"
                                + "<driver name='qemu' iothread='2'/><source file='/a.img'/><target dev='vda'/></disk>"),
                        Kind.CONFLICT, 1, "The disk 'vda' runs in IOThread 2, which the domain does not define (it "
                                + "has no <iothreads>)."),
                row("read-only virtiofs", withDevices("    <filesystem><driver type='virtiofs'/><source dir='/s'/>"
                                + "<target dir='t'/><readonly/></filesystem>"), Kind.UNSUPPORTED, 7,
                        "The virtiofs share 't' cannot be read-only: virtiofsd does not support it yet; use 9p "
                                + "(driver type='path') for a read-only share."),
                row("filesystem without target", withDevices("    <filesystem><source dir='/s'/></filesystem>"),
                        Kind.CONFLICT, 7, "A <filesystem> needs a <target dir='...'/>: the tag the guest mounts it by."),
                row("tpm 1.2 on crb", withDevices("    <tpm model='tpm-crb'><backend type='emulator' version='1.2'/>"
                                + "</tpm>"), Kind.CONFLICT, 7, "A TPM 1.2 cannot use the tpm-crb interface; use tpm-tis "
                                + "or version='2.0'."),
                row("two tpms", withDevices("    <tpm><backend type='emulator'/></tpm>\n"
                                + "    <tpm><backend type='passthrough'/></tpm>"), Kind.DUPLICATE, 6,
                        "An x86 guest has at most one <tpm>."),
                row("bad mac", withDevices("""
                            <interface type='user'>
                              <mac address='52:54:00:zz:00:01'/>
                            </interface>"""), Kind.INVALID_VALUE, 7, "The MAC address '52:54:00:zz:00:01' is not valid; "
                                + "write six hex byte pairs separated by colons, such as 52:54:00:12:34:56."),
                row("multicast mac", withDevices("    <interface type='user'><mac address='01:00:5e:00:00:01'/>"
                                + "</interface>"), Kind.INVALID_VALUE, 7,
                        "The MAC address '01:00:5e:00:00:01' is a multicast address; a network card needs a unicast one."),
                row("interface type of another hypervisor", withDevices(
                                "    <interface type='vds'><mac address='52:54:00:00:00:01'/></interface>"),
                        Kind.UNSUPPORTED, 7, "The interface type 'vds' is for VMware ESX guests; QEMU guests use "
                                + "network, bridge, user, ethernet, direct, vhostuser, hostdev or a socket."),
                row("pci slot out of range", withDevices("""
                            <video>
                              <model type='vga'/>
                              <address type='pci' domain='0x0000' bus='0x00' slot='0x20' function='0x0'/>
                            </video>"""), Kind.INVALID_VALUE, 9,
                        "<address> attribute 'slot' has the invalid value '0x20'; expected a number from 0 to 31."),
                row("duplicate controller", withDevices("    <controller type='usb' index='0'/>\n"
                                + "    <controller type='usb' index='0' model='qemu-xhci'/>"), Kind.DUPLICATE, 6,
                        "There is more than one usb controller with index 0."),
                row("controller model of another type", withDevices("    <controller type='usb' model='virtio-scsi'/>"),
                        Kind.INVALID_VALUE, 7,
                        "<controller> attribute 'model' has the invalid value 'virtio-scsi'; a controller of type "
                                + "'usb' takes one of piix3-uhci, piix4-uhci, ehci, ich9-ehci1, ich9-uhci1, ich9-uhci2, "
                                + "ich9-uhci3, vt82c686b-uhci, pci-ohci, nec-xhci, qemu-xhci, none."),
                row("text inside devices", withDevices("    hello"), Kind.UNKNOWN_ELEMENT, 6,
                        "unexpected text 'hello' inside <devices>; remove it."),
                row("tablet on ps2", withDevices("    <input type='tablet' bus='ps2'/>"), Kind.CONFLICT, 7,
                        "The ps2 bus has no tablet; use usb or virtio."),
                row("vnc port out of range", withDevices("    <graphics type='vnc' port='80'/>"), Kind.INVALID_VALUE, 7,
                        "The VNC port 80 is out of range; it must be from 5900 to 65535, or -1."),
                row("spicevmc channel without spice", withDevices(
                        "    <channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"),
                        Kind.CONFLICT, 6, "A character device of type 'spicevmc' needs <graphics type='spice'>."),
                row("serial unix without path", withDevices("    <serial type='unix'><source mode='bind'/></serial>"),
                        Kind.MISSING_VALUE, 7, "A unix serial port needs a <source path>; only a virtio channel gets "
                                + "a socket made for it."),
                row("file serial without path", withDevices("    <serial type='file'/>"), Kind.MISSING_VALUE, 7,
                        "A character device of type 'file' needs a <source path>."),
                row("coredump on poweroff", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os><type>hvm</type></os>\n  <on_poweroff>coredump-destroy</on_poweroff>\n"
                        + "</domain>", Kind.INVALID_VALUE, 1,
                        "The action 'coredump-destroy' is valid only for <on_crash>, not <on_poweroff>."),
                row("bad lifecycle action", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os><type>hvm</type></os>\n  <on_reboot>explode</on_reboot>\n</domain>",
                        Kind.INVALID_VALUE, 6, "<on_reboot> has the invalid value 'explode'; expected one of destroy, "
                                + "restart, preserve, rename-restart, coredump-destroy, coredump-restart."),
                row("topology mismatch", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>4</vcpu>\n  <os><type>hvm</type></os>\n  <cpu mode='host-passthrough'>\n"
                        + "    <topology sockets='1' cores='2' threads='1'/>\n  </cpu>\n</domain>", Kind.CONFLICT, 1,
                        "The CPU topology describes 2 vCPUs, but the maximum vCPU count is 4; they must be equal."),
                row("boot dev with boot order", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os><type>hvm</type><boot dev='hd'/></os>\n  <devices>\n"
                        + "    <disk type='file'><source file='/a'/><target dev='vda'/><boot order='1'/></disk>\n"
                        + "  </devices>\n</domain>", Kind.CONFLICT, 1, "Per-device <boot order> cannot be combined "
                                + "with <boot dev> inside <os>; use one or the other."),
                row("duplicate boot order", withDevices("    <disk type='file'><source file='/a'/><target dev='vda'/>"
                                + "<boot order='1'/></disk>\n    <interface type='user'><mac address='52:54:00:00:00:01'/>"
                                + "<boot order='1'/></interface>"), Kind.DUPLICATE, 6, "The boot order 1 is used by "
                                + "both the disk 'vda' and the interface '52:54:00:00:00:01'."),
                row("bad uuid", "<domain type='kvm'>\n  <name>t</name>\n  <uuid>not-a-uuid</uuid>\n  <memory>1</memory>\n  <os><type>hvm</type></os>\n</domain>",
                        Kind.INVALID_VALUE, 3, "The UUID 'not-a-uuid' is not valid; write 32 hex digits, optionally "
                                + "grouped with dashes as 8-4-4-4-12."),
                row("nvram without pflash", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os>\n    <type>hvm</type>\n    <nvram>/var/n.fd</nvram>\n  </os>\n</domain>",
                        Kind.MISSING_VALUE, 5, "An <nvram> store needs a <loader type='pflash'> with the firmware "
                                + "path, or <os firmware='efi'>."),
                row("smm off with secure boot", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os>\n    <type machine='q35'>hvm</type>\n"
                        + "    <loader secure='yes' type='pflash'>/c.fd</loader>\n  </os>\n"
                        + "  <features><smm state='off'/></features>\n</domain>", Kind.CONFLICT, 1,
                        "A Secure Boot loader needs SMM: add <smm state='on'/> to <features>."),
                row("secure boot on pc", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os>\n    <type machine='pc'>hvm</type>\n"
                        + "    <loader secure='yes' type='pflash'>/c.fd</loader>\n  </os>\n"
                        + "  <features><smm state='on'/></features>\n</domain>", Kind.CONFLICT, 5,
                        "Secure Boot works with q35 machine types only, not with 'pc'; use <type machine='q35'>."),
                row("controller model name mismatch", withDevices("""
                            <controller type='pci' index='1' model='pcie-root-port'>
                              <model name='pci-bridge'/>
                            </controller>"""), Kind.INVALID_VALUE, 7, "The <model name='pci-bridge'> of the pci "
                                + "controller 1 (pcie-root-port) implements a 'pci-bridge' controller, not a "
                                + "'pcie-root-port'."),
                row("duplicate audio id", withDevices("    <audio id='1' type='none'/>\n    <audio id='1' type='none'/>"),
                        Kind.DUPLICATE, 6, "There is more than one audio back end with id 1."),
                row("unknown audio type", withDevices("    <audio id='1' type='pipewire'/>"),
                        Kind.INVALID_VALUE, 7, "<audio> attribute 'type' has the invalid value 'pipewire'; "
                                + "expected one of none, alsa, coreaudio, jack, oss, pulseaudio, sdl, spice, file, dbus."),
                row("sound names a missing audio", withDevices("    <sound model='ich9'><audio id='2'/></sound>\n"
                                + "    <audio id='1' type='none'/>"), Kind.MISSING_VALUE, 6,
                        "There is no <audio id='2'>, which the ich9 sound card names; add it or name another id."),
                row("two vnc displays", withDevices("    <graphics type='vnc'/>\n    <graphics type='vnc'/>"),
                        Kind.CONFLICT, 6, "There can be only one <graphics> of each type, but there is more than "
                                + "one of type 'vnc'."),
                row("rdp graphics", withDevices("    <graphics type='rdp'/>"), Kind.UNSUPPORTED, 7,
                        "QEMU has no rdp graphics (libvirt offers them for VirtualBox); use vnc or spice."),
                row("secondary vga", withDevices("    <video><model type='qxl'/></video>\n"
                                + "    <video><model type='vga'/></video>"), Kind.CONFLICT, 6,
                        "A video device of model 'vga' can only be the primary one; secondary adapters are qxl or "
                                + "virtio."),
                row("guestfwd over IPv6", withDevices("    <channel type='pty'><target type='guestfwd' address='::1' "
                                + "port='80'/></channel>"), Kind.INVALID_VALUE, 7,
                        "The guestfwd address '::1' must be an IPv4 address."),
                row("reconnect while listening", withDevices("    <serial type='tcp'><source mode='bind' host='h' "
                                + "service='1'><reconnect enabled='yes' timeout='5'/></source></serial>"),
                        Kind.CONFLICT, 7, "A character device reconnects only in connect mode, not in bind mode."),
                row("vhostuser qxl", withDevices("    <video><driver name='vhostuser'/><model type='qxl'/></video>"),
                        Kind.CONFLICT, 7, "The vhostuser video driver works only with model 'virtio'."),
                row("two redirdevs boot first", withDevices("    <redirdev bus='usb' type='spicevmc'><boot order='1'/>"
                                + "</redirdev>\n    <graphics type='spice'/>\n    <redirdev bus='usb' type='tcp'><source "
                                + "mode='connect' host='h' service='1'/><boot order='1'/></redirdev>"), Kind.DUPLICATE, 6,
                        "The boot order 1 is used by both the redirected USB device 1 and the redirected USB device 2."),
                row("ich7 sound", withDevices("    <sound model='ich7'/>"), Kind.UNSUPPORTED, 7,
                        "QEMU has no ich7 sound card; use ich9 or ich6."),
                row("vnc password too long", withDevices("    <graphics type='vnc' passwd='123456789'/>"),
                        Kind.INVALID_VALUE, 7, "The VNC password is 9 characters long; VNC permits at most 8."),
                row("pm bad value", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os><type>hvm</type></os>\n  <pm>\n"
                        + "    <suspend-to-mem enabled='maybe'/>\n  </pm>\n</domain>", Kind.INVALID_VALUE, 7,
                        "<suspend-to-mem> attribute 'enabled' has the invalid value 'maybe'; expected 'yes' or 'no'."),
                row("metadata attribute", "<domain type='kvm'>\n  <name>t</name>\n  <metadata id='x'/>\n  <memory>1</memory>\n  <os><type>hvm</type></os>\n</domain>",
                        Kind.UNKNOWN_ATTRIBUTE, 3, "unknown attribute 'id' on <metadata>: libvirt does not know it either; check its spelling."),
                row("feature state missing", "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os><type>hvm</type></os>\n  <features>\n"
                        + "    <hyperv><relaxed/></hyperv>\n"
                        + "  </features>\n</domain>", Kind.MISSING_VALUE, 7,
                        "<relaxed> is missing the required attribute 'state'."),
                row("duplicate pci address", withDevices("""
                            <video>
                              <model type='vga'/>
                              <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                            </video>
                            <memballoon model='virtio'>
                              <address type='pci' bus='0' slot='2'/>
                            </memballoon>"""), Kind.DUPLICATE, 6,
                        "Two devices use the same PCI address 0000:00:02.0."),
                row("network interface without source", withDevices("    <interface type='network'/>"),
                        Kind.MISSING_VALUE, 7, "An interface of type 'network' needs a <source> element."),
                row("bad bridge name", withDevices("""
                            <interface type='bridge'>
                              <source bridge='br 0 is far too long'/>
                            </interface>"""), Kind.INVALID_VALUE, 8, "The bridge name 'br 0 is far too long' is not "
                                + "a valid interface name; use 1 to 15 letters, digits, '_', '.', ':' or '-'."),
                row("user interface with source", withDevices("""
                            <interface type='user'>
                              <source network='default'/>
                            </interface>"""), Kind.UNSUPPORTED, 8,
                        "A <source dev> on a user-mode interface belongs to the passt back end, which jvirt does not "
                                + "run; remove it."),
                row("duplicate serial port", withDevices("    <serial type='pty'><target port='1'/></serial>\n"
                                + "    <serial type='pty'><target port='1'/></serial>"), Kind.DUPLICATE, 6,
                        "More than one serial port uses port number 1."),
                row("interface vlan tag 5000", withDevices("""
                            <interface type='bridge'>
                              <source bridge='br0'/>
                              <vlan>
                                <tag id='5000'/>
                              </vlan>
                            </interface>"""), Kind.INVALID_VALUE, 10,
                        "<tag> attribute 'id' has the invalid value '5000'; expected a number from 0 to 4095."),
                row("interface vlan without tag", withDevices("""
                            <interface type='bridge'>
                              <source bridge='br0'/>
                              <vlan trunk='yes'/>
                            </interface>"""), Kind.MISSING_VALUE, 9,
                        "A <vlan> needs at least one <tag id='...'/>."),
                row("interface floor on bridge", withDevices("""
                            <interface type='bridge'>
                              <source bridge='br0'/>
                              <bandwidth>
                                <inbound average='100' floor='50'/>
                              </bandwidth>
                            </interface>"""), Kind.CONFLICT, 7,
                        "A bandwidth 'floor' needs an interface of type 'network', not 'bridge'."),
                row("interface outbound floor", withDevices("""
                            <interface type='network'>
                              <source network='default'/>
                              <bandwidth>
                                <outbound average='100' floor='50'/>
                              </bandwidth>
                            </interface>"""), Kind.CONFLICT, 10,
                        "Only the inbound rate may have a 'floor'; remove it from <outbound>."),
                row("interface burst without average", withDevices("""
                            <interface type='network'>
                              <source network='default'/>
                              <bandwidth>
                                <inbound floor='50' burst='10'/>
                              </bandwidth>
                            </interface>"""), Kind.CONFLICT, 10,
                        "A bandwidth rate with a 'peak' or a 'burst' needs an 'average' too."),
                row("interface bandwidth zero", withDevices("""
                            <interface type='user'>
                              <bandwidth>
                                <inbound average='0'/>
                              </bandwidth>
                            </interface>"""), Kind.INVALID_VALUE, 9,
                        "The bandwidth average 0 is out of range; it must be from 1 to 1099511627776."),
                row("interface bad target dev", withDevices("""
                            <interface type='user'>
                              <target dev='a/b'/>
                            </interface>"""), Kind.INVALID_VALUE, 7, "The interface target device 'a/b' is not a "
                                + "valid interface name; use 1 to 15 letters, digits, '_', '.', ':' or '-'."),
                row("interface target without dev", withDevices("""
                            <interface type='user'>
                              <target/>
                            </interface>"""), Kind.MISSING_VALUE, 8,
                        "<target> is missing the required attribute 'dev'."),
                row("interface bad link state", withDevices("""
                            <interface type='user'>
                              <link state='off'/>
                            </interface>"""), Kind.INVALID_VALUE, 8,
                        "<link> attribute 'state' has the invalid value 'off'; expected one of up, down."),
                row("interface mtu too small", withDevices("""
                            <interface type='user'>
                              <mtu size='20'/>
                            </interface>"""), Kind.INVALID_VALUE, 7,
                        "The interface MTU 20 is out of range; it must be from 68 to 65535."),
                row("interface two links", withDevices("""
                            <interface type='user'>
                              <link state='up'/>
                              <link state='down'/>
                            </interface>"""), Kind.DUPLICATE, 9, "<link> may appear only once inside <interface>."),
                row("portgroup on bridge source", withDevices("""
                            <interface type='bridge'>
                              <source bridge='br0' portgroup='pg'/>
                            </interface>"""), Kind.CONFLICT, 8,
                        "The attribute 'portgroup' on <source> does not apply to an interface of type 'bridge'; "
                                + "remove it."),
                row("bad portgroup name", withDevices("""
                            <interface type='network'>
                              <source network='default' portgroup=''/>
                            </interface>"""), Kind.INVALID_VALUE, 8, "The port group name '' is not valid; it must "
                                + "be 1 to 200 characters without control characters."),
                row("interface virtualport with another type's parameters", withDevices("""
                            <interface type='bridge'>
                              <source bridge='br0'/>
                              <virtualport type='openvswitch'><parameters managerid='11'/></virtualport>
                            </interface>"""), Kind.CONFLICT, 9,
                        "A virtualport of type 'openvswitch' does not take some of the given <parameters>; it takes "
                                + "interfaceid and profileid."),
                row("os firmware auto with a loader path",
                        "<domain type='kvm'>\n  <name>t</name>\n  <memory>1</memory>\n"
                        + "  <vcpu>1</vcpu>\n  <os firmware='efi'>\n    <type>hvm</type>\n"
                        + "    <loader>/x.fd</loader>\n  </os>\n</domain>",
                        Kind.CONFLICT, 5, "The <loader> path cannot be given when the firmware is chosen automatically "
                                + "(<os firmware='efi'>); remove it, or remove the firmware attribute to name the "
                                + "firmware by hand."));
    }

    private static Arguments row(String label, String xml, Kind kind, int line, String message) {
        return Arguments.of(label, xml, kind, line, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejects(String label, String xml, Kind kind, int line, String message) {
        assertThatThrownBy(() -> DomainXml.parse(xml))
                .isInstanceOfSatisfying(ConfException.class, e -> {
                    assertThat(e.kind()).as("kind").isEqualTo(kind);
                    assertThat(e.line()).as("line").isEqualTo(line);
                    if (message != null) {
                        assertThat(e.getMessage())
                                .isEqualTo("domain XML line " + line + ": " + message);
                    }
                });
    }

    @Test
    void reportsEveryProblemOfADocumentAtOnceByLine() {
        String xml = """
                <domain type='kvm' flavour='x'>
                  <name>t</name>
                  <memory>1024</memory>
                  <vcpu cpu='1'>1</vcpu>
                  <os><type>hvm</type><root>/dev/sda1</root></os>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/a.img'/>
                      <targett dev='vda'/>
                    </disk>
                    <video><model type='nosuch'/></video>
                  </devices>
                </domain>
                """;
        assertThatThrownBy(() -> DomainXml.parse(xml)).isInstanceOfSatisfying(ConfException.class, e -> {
            assertThat(e.problems()).extracting(ConfException::line).containsExactly(1, 4, 5, 7, 9, 11);
            assertThat(e.getMessage()).startsWith("domain XML has 6 problems:\n"
                    + "  line 1: unknown attribute 'flavour' on <domain>: libvirt does not know it either; check its "
                    + "spelling.\n"
                    + "  line 4: unknown attribute 'cpu' on <vcpu>: libvirt does not know it either; check its "
                    + "spelling.\n"
                    + "  line 5: jvirt does not support <root> inside <os> yet; remove it to use this definition "
                    + "with jvirt.\n");
            assertThat(e.getMessage()).contains("  line 9: unknown element <targett> inside <disk>: libvirt does "
                    + "not know it either; check its spelling (did you mean <target>?).");
            assertThat(e.problems().get(1).getMessage()).startsWith("domain XML line 4: ");
        });
    }

    @Test
    void aDomainWithoutVcpuHasOneAsInLibvirt() {
        DomainDef def = DomainXml.parse("<domain type='kvm'><name>t</name><memory>1024</memory>"
                + "<os><type>hvm</type></os></domain>");
        assertThat(def.vcpus()).isEqualTo(1);
    }
}
