package io.jvirt.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The corpus tests' own machinery: tree comparison, args files, option values, guest views. */
class CorpusHarnessTest {

    private static List<String> losses(String input, String output) {
        return XmlLoss.between(XmlTree.parse(input), XmlTree.parse(output)).stream().map(XmlLoss.Loss::detail).toList();
    }

    @Test
    void orderWhitespaceUnitsHexAndAddedDefaultsAreNoLoss() {
        String in = """
                <domain type='kvm'><name>a</name><memory unit='GiB'>1</memory>
                  <devices><disk device='disk' type='file'><target dev='vda'/><address type='pci' slot='0x03'/></disk>
                  <interface type='user'><mac address='52:54:00:AA:BB:CC'/></interface></devices></domain>""";
        String out = """
                <domain type="kvm">
                  <name>a</name>
                  <uuid>00000000-0000-4000-8000-000000000001</uuid>
                  <memory unit="KiB">1048576</memory>
                  <devices>
                    <interface type="user"><mac address="52:54:00:aa:bb:cc"/></interface>
                    <disk type="file" device="disk"><target dev="vda" bus="virtio"/><address type="pci" slot="0x3"/></disk>
                  </devices>
                </domain>""";
        assertThat(losses(in, out)).isEmpty();
    }

    @Test
    void droppedOrChangedPartsAreLosses() {
        String in = """
                <domain type='kvm'><memory>1024</memory><devices>
                  <disk type='file'><driver name='qemu' cache='none'/><target dev='vda'/></disk>
                  <disk type='file'><target dev='vdb'/><iotune><total_bytes_sec>1</total_bytes_sec></iotune></disk>
                </devices></domain>""";
        String out = """
                <domain type='kvm'><memory unit='KiB'>1000</memory><devices>
                  <disk type='file'><driver name='qemu'/><target dev='vda'/></disk>
                  <disk type='block'><target dev='vdb'/></disk>
                </devices></domain>""";
        assertThat(losses(in, out)).containsExactly(
                "changed text of /domain/memory[1]: '1048576' became '1024000'",
                "lost attribute /domain/devices[1]/disk[1]/driver[1]/@cache='none'",
                "changed attribute /domain/devices[1]/disk[2]/@type: 'file' became 'block'",
                "lost element /domain/devices[1]/disk[2]/iotune[1] iotune");
        assertThat(XmlLoss.between(XmlTree.parse(in), XmlTree.parse(out)).get(1).kind())
                .isEqualTo("lost attribute /domain/devices/disk/driver/@cache");
    }

    @Test
    void argsFilesSplitLikeAShell() {
        String text = """
                LC_ALL=C \\
                PATH=/bin \\
                /usr/bin/qemu-system-x86_64 \\
                -name guest=a,debug-threads=on \\
                -device '{"driver":"virtio-blk-pci","bus":"pci.0","addr":"0x2"}' \\
                -append 'it'\\''s "quoted"' \\
                -S
                """;
        assertThat(ArgsFile.argv(text)).containsExactly("/usr/bin/qemu-system-x86_64", "-name", "guest=a,debug-threads=on",
                "-device", "{\"driver\":\"virtio-blk-pci\",\"bus\":\"pci.0\",\"addr\":\"0x2\"}",
                "-append", "it's \"quoted\"", "-S");
    }

    @Test
    void jsonAndKeyvalValuesAgree() {
        assertThat(OptionValue.parse("{\"driver\":\"e1000\",\"x\":{\"y\":true},\"n\":\"0x10\",\"a\":[1,2]}", "driver"))
                .containsExactly(Map.entry("driver", "e1000"), Map.entry("x.y", "on"),
                        Map.entry("n", "16"), Map.entry("a.0", "1"), Map.entry("a.1", "2"));
        assertThat(OptionValue.parse("qemu64,+vmx,-svm,path=/a,,b,flag", "model")).containsExactly(
                Map.entry("model", "qemu64"), Map.entry("vmx", "on"), Map.entry("svm", "off"),
                Map.entry("path", "/a,b"), Map.entry("flag", "on"));
    }

    private static final String LIBVIRT = """
            /usr/bin/qemu-system-x86_64 -machine pc,usb=off,memory-backend=pc.ram -accel tcg -m 214
            -object {"qom-type":"memory-backend-ram","id":"pc.ram","size":224395264}
            -chardev socket,id=charmonitor,fd=1729,server=on,wait=off -mon chardev=charmonitor,id=monitor,mode=control
            -device {"driver":"pci-bridge","chassis_nr":1,"id":"pci.1","bus":"pci.0","addr":"0x3"}
            -blockdev {"driver":"file","filename":"/a.img","node-name":"libvirt-1-storage","auto-read-only":true,"discard":"unmap"}
            -blockdev {"node-name":"libvirt-1-format","read-only":false,"driver":"raw","file":"libvirt-1-storage"}
            -device {"driver":"virtio-blk-pci","bus":"pci.1","addr":"0x1","drive":"libvirt-1-format","id":"virtio-disk0"}
            -device {"driver":"virtio-balloon-pci","id":"balloon0","bus":"pci.0","addr":"0x4"}
            -no-acpi""";

    private static List<String> argv(String text) {
        return List.of(text.split("\\s+"));
    }

    @Test
    void idsSyntaxAndQemuDefaultsDoNotCountButPlacementDoes() {
        String same = """
                /usr/bin/qemu-system-x86_64 -machine pc,accel=tcg,usb=off,acpi=off -cpu qemu64 -m size=219136k
                -device pci-bridge,id=br1,bus=pci.0,addr=0x3,chassis_nr=1,multifunction=off
                -blockdev driver=file,filename=/a.img,node-name=f0
                -blockdev node-name=d0,read-only=off,driver=raw,file=f0
                -device virtio-blk-pci,drive=d0,bus=br1,addr=0x1
                -device virtio-balloon-pci,bus=pci.0,addr=0x4""";
        QemuDefaults qemu = new QemuDefaults("/usr/bin/qemu-system-x86_64");
        assertThat(GuestDiff.between(ArgvReader.read(argv(LIBVIRT)), ArgvReader.read(argv(same)), qemu)).isEmpty();

        String moved = same.replace("bus=br1,addr=0x1", "bus=pci.0,addr=0x5").replace("-m size=219136k", "-m 256");
        assertThat(GuestDiff.lines(GuestDiff.between(ArgvReader.read(argv(LIBVIRT)), ArgvReader.read(argv(moved)), qemu)))
                .containsExactly("memory.size: libvirt 224395264 bytes (214 MiB), jvirt 268435456 bytes (256 MiB)",
                        "libvirt puts virtio-blk-pci [/a.img] at pci-bridge (pci.0 slot 0x3) slot 0x1, jvirt at pci.0 slot 0x5");

        String fewer = same.replace("-device virtio-balloon-pci,bus=pci.0,addr=0x4", "");
        assertThat(GuestDiff.lines(GuestDiff.between(ArgvReader.read(argv(LIBVIRT)), ArgvReader.read(argv(fewer)), qemu)))
                .containsExactly("only libvirt has virtio-balloon-pci at pci.0 slot 0x4");
    }
}
