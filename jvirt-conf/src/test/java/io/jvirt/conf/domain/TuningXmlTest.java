package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Placement and tuning: what the model makes of libvirt's elements and what it refuses, as libvirt does. */
class TuningXmlTest {

    /** A domain with 4 vCPUs; {@code top} goes after currentMemory, {@code cpu} inside {@code <cpu>}. */
    private static String domain(String top, String cpu, String devices) {
        return "<domain type='kvm'>\n  <name>t</name>\n  <memory unit='MiB'>2048</memory>\n"
                + "  <vcpu placement='static'>4</vcpu>\n" + top + "\n  <os><type>hvm</type></os>\n"
                + (cpu == null ? "" : "  <cpu>" + cpu + "</cpu>\n") + "  <devices>" + devices + "</devices>\n</domain>\n";
    }

    private static final String TWO_CELLS = "<numa><cell id='0' cpus='0-1' memory='1' unit='GiB'/>"
            + "<cell id='1' cpus='2-3' memory='1' unit='GiB'/></numa>";

    @Test
    void readsTheFullSet() {
        DomainDef d = DomainXml.parse(domain("""
                  <memoryBacking><hugepages><page size='2048' nodeset='0'/><page size='1' unit='G' nodeset='1'/>
                  </hugepages></memoryBacking>
                  <iothreads>2</iothreads>
                  <cputune><vcpupin vcpu='2' cpuset='1'/><vcpupin vcpu='0' cpuset='0-3,^1'/>
                    <emulatorpin cpuset='0'/><iothreadpin iothread='2' cpuset='1'/></cputune>
                  <numatune><memory mode='interleave' nodeset='0'/><memnode cellid='1' nodeset='0'/></numatune>
                """, TWO_CELLS, ""));
        TuningDef t = d.tuning();
        assertThat(t.cputune().vcpupins()).extracting(CpuTuneDef.VcpuPin::vcpu).containsExactly(0, 2);
        assertThat(t.cputune().vcpupin(0)).hasToString("0,2-3");
        assertThat(t.cputune().vcpupin(1)).isNull();
        assertThat(t.cputune().iothreadpin(2)).isEqualTo(CpuSet.of(1));
        assertThat(t.iothreads().ids()).extracting(IoThreadsDef.IoThread::id).containsExactly(1, 2);
        assertThat(t.memoryBacking().pageFor(0).sizeKiB()).isEqualTo(2048);
        assertThat(t.memoryBacking().pageFor(1).sizeKiB()).isEqualTo(1048576);
        assertThat(t.numatune().memnode(1).mode()).isEqualTo(NumaTuneDef.Mode.STRICT);
        assertThat(t.numatune().memory().mode().qemuPolicy()).isEqualTo("interleave");
        assertThat(d.numa().memoryKiB()).isEqualTo(2097152);
    }

    @Test
    void aDiskRunsInAnIoThreadTheDomainDefines() {
        String disk = "<disk type='file' device='disk'><driver name='qemu' iothread='2'/><source file='/a.img'/>"
                + "<target dev='vda' bus='virtio'/></disk>";
        DomainDef d = DomainXml.parse(domain("<iothreads>2</iothreads>", null, disk));
        assertThat(d.devices().disks().getFirst().driver().iothread()).isEqualTo(2);
        assertThatThrownBy(() -> DomainXml.parse(domain("<iothreads>1</iothreads>", null, disk)))
                .isInstanceOf(ConfException.class).hasMessageContaining("The disk 'vda' runs in IOThread 2, which the "
                        + "domain does not define (it has 1).");
    }

    @Test
    void memoryComesFromTheCellsWithoutMemoryElement() {
        DomainDef d = DomainXml.parse("""
                <domain type='qemu'><name>t</name><vcpu>2</vcpu><os><type>hvm</type></os>
                <cpu><numa><cell cpus='0' memory='512' unit='MiB'/><cell cpus='1' memory='256' unit='MiB'/></numa></cpu>
                </domain>""");
        assertThat(d.memoryKiB()).isEqualTo(786432);
        assertThat(d.numa().cells()).extracting(NumaDef.Cell::id).containsExactly(0, 1);
    }

    @Test
    void distancesAreCompletedAsLibvirtDoes() {
        DomainDef d = DomainXml.parse(domain("", "<numa><cell id='0' cpus='0-1' memory='1048576'>"
                + "<distances><sibling id='1' value='31'/></distances></cell>"
                + "<cell id='1' cpus='2-3' memory='1048576'/><cell id='2' memory='1024'>"
                + "<distances><sibling id='0' value='15'/></distances></cell></numa>", ""));
        NumaDef n = d.numa();
        assertThat(n.distance(1, 0)).isEqualTo(31);
        assertThat(n.distance(0, 2)).isEqualTo(15);
        assertThat(n.distance(1, 2)).isEqualTo(20);
        assertThat(n.distance(2, 2)).isEqualTo(10);
        assertThat(n.hasDistances()).isTrue();
        assertThat(n.cells().get(1).siblings()).hasSize(3);
    }

    @Test
    void vcpusListGivesTheBootAndHotpluggableCpus() {
        DomainDef d = DomainXml.parse("""
                <domain type='qemu'><name>t</name><memory>1024</memory><vcpu current='2'>4</vcpu>
                <vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='yes' order='2'/>
                <vcpu id='3' enabled='no'/><vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/></vcpus>
                <os><type>hvm</type></os></domain>""");
        assertThat(d.vcpu().online()).isEqualTo(3);
        assertThat(d.vcpu().bootCpus()).isEqualTo(2);
        assertThat(d.vcpu().each()).extracting(VcpuDef.Vcpu::hotpluggable).containsExactly(false, false, true, true);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(domain("<cputune><iothreadpin iothread='2' cpuset='0'/></cputune>", null, ""),
                        Kind.NOT_FOUND, "<iothreadpin> names I/O thread 2, which the domain does not have; see <iothreads>."),
                Arguments.of(domain("<iothreads>1</iothreads><cputune><iothreadsched iothreads='1-2' scheduler='idle'/>"
                        + "</cputune>", null, ""), Kind.NOT_FOUND,
                        "<iothreadsched> names I/O thread 2, which the domain does not have; see <iothreads>."),
                Arguments.of(domain("<cputune><vcpusched vcpus='0-1' scheduler='rr' priority='1'/>"
                        + "<vcpusched vcpus='1-2' scheduler='batch'/></cputune>", null, ""), Kind.CONFLICT,
                        "The 'vcpus' of two <vcpusched> elements overlap (0-1 and 1-2); each thread may have one scheduler."),
                Arguments.of(domain("<cputune><vcpusched vcpus='0' scheduler='fifo'/></cputune>", null, ""),
                        Kind.MISSING_VALUE, "The scheduler 'fifo' needs a 'priority'."),
                Arguments.of(domain("<cputune><shares>1</shares></cputune>", null, ""), Kind.INVALID_VALUE,
                        "The cputune shares 1 are out of range; they must be from 2 to 262144."),
                Arguments.of(domain("<cputune><period>100</period></cputune>", null, ""), Kind.INVALID_VALUE,
                        "The cputune period 100 is out of range; it must be from 1000 to 1000000 microseconds."),
                Arguments.of(domain("<cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='0' cpuset='1'/></cputune>",
                        null, ""), Kind.DUPLICATE, "vCPU 0 has more than one <vcpupin>; keep one."),
                Arguments.of(domain("<numatune><memnode cellid='0' nodeset='0'/></numatune>", null, ""),
                        Kind.MISSING_VALUE, "<memnode> in <numatune> needs guest NUMA cells; add <numa> inside <cpu>."),
                Arguments.of(domain("<numatune><memnode cellid='2' nodeset='0'/></numatune>", TWO_CELLS, ""),
                        Kind.NOT_FOUND, "<memnode cellid='2'> names a guest NUMA cell the domain does not have "
                                + "(its cells are 0 to 1)."),
                Arguments.of(domain("<numatune><memory placement='static'/></numatune>", null, ""),
                        Kind.MISSING_VALUE, "<numatune><memory placement='static'> needs a 'nodeset'."),
                Arguments.of(domain("<numatune><memory mode='restrictive' nodeset='0'/>"
                        + "<memnode cellid='0' mode='strict' nodeset='0'/></numatune>", TWO_CELLS, ""), Kind.CONFLICT,
                        "The <memnode> of cell 0 must use mode 'restrictive' because <numatune><memory> does."),
                Arguments.of(domain("<memoryBacking><hugepages><page size='2048' nodeset='3'/></hugepages>"
                        + "</memoryBacking>", TWO_CELLS, ""), Kind.NOT_FOUND,
                        "The huge pages of 2048 KiB name guest NUMA cell 3, which the domain does not have."),
                Arguments.of(domain("<memoryBacking><hugepages><page size='2048'/><page size='1048576'/></hugepages>"
                        + "</memoryBacking>", null, ""), Kind.CONFLICT, "Two huge page sizes (2048 and 1048576 KiB) "
                        + "apply to all guest memory; give one of them a 'nodeset'."),
                Arguments.of(domain("<memoryBacking><hugepages/><allocation mode='ondemand'/></memoryBacking>", null, ""),
                        Kind.CONFLICT, "Huge pages cannot be allocated on demand; remove <allocation mode='ondemand'/>."),
                Arguments.of(domain("<memtune><min_guarantee>1024</min_guarantee></memtune>", null, ""),
                        Kind.UNSUPPORTED, "<min_guarantee> in <memtune> is not supported for QEMU domains; remove it."),
                Arguments.of(domain("", "<numa><cell cpus='0-5' memory='1024'/></numa>", ""), Kind.CONFLICT,
                        "The NUMA cells name 6 vCPUs but the domain has only 4; raise <vcpu> or shrink the cells' cpus."),
                Arguments.of(domain("", "<numa><cell cpus='0-1' memory='1024'/><cell cpus='1-2' memory='1024'/></numa>",
                        ""), Kind.CONFLICT, "NUMA cells 0 and 1 have overlapping vCPU ids; each vCPU belongs to one cell."),
                Arguments.of(domain("", "<numa><cell id='0' cpus='0' memory='1024'><distances>"
                        + "<sibling id='0' value='20'/></distances></cell></numa>", ""), Kind.INVALID_VALUE,
                        "The distance 20 from NUMA cell 0 to cell 0 is not valid; a cell is 10 from itself and 11 to 255 "
                                + "from the others."),
                Arguments.of(domain("", "<cache mode='emulate' level='2'/>", ""), Kind.INVALID_VALUE,
                        "CPU cache mode 'emulate' needs level='3'."),
                Arguments.of(domain("", "<maxphysaddr mode='emulate'/>", ""), Kind.MISSING_VALUE,
                        "<maxphysaddr mode='emulate'> needs 'bits'."),
                Arguments.of(domain("<maxMemory slots='4' unit='GiB'>4</maxMemory>", null, ""), Kind.MISSING_VALUE,
                        "<maxMemory> (memory hotplug) needs a guest NUMA topology; add <numa> with at least one <cell> "
                                + "inside <cpu>."),
                Arguments.of(domain("", TWO_CELLS, "<memory model='dimm'><target><size unit='MiB'>128</size>"
                        + "<node>0</node></target></memory>"), Kind.MISSING_VALUE,
                        "Memory devices need <maxMemory> with slots for them."),
                Arguments.of(domain("<maxMemory slots='4' unit='GiB'>8</maxMemory>", TWO_CELLS,
                        "<memory model='virtio-mem'><target><size unit='MiB'>128</size><node>0</node>"
                        + "<block>1024</block><requested>0</requested></target></memory>"), Kind.INVALID_VALUE,
                        "The block size of a virtio-mem device must be a power of two of at least 2048 KiB."),
                Arguments.of(domain("<vcpu placement='static'>2</vcpu>", null, ""), Kind.DUPLICATE,
                        "<vcpu> may appear only once inside <domain>."));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesAsLibvirtDoes(String xml, Kind kind, String message) {
        assertThatThrownBy(() -> DomainXml.parse(xml)).isInstanceOf(ConfException.class)
                .satisfies(e -> {
                    List<ConfException> problems = ((ConfException) e).problems();
                    assertThat(problems).anySatisfy(p -> {
                        assertThat(p.kind()).isEqualTo(kind);
                        assertThat(p.detail()).isEqualTo(message);
                    });
                });
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String xml = domain("<cputune><iothreadpin iothread='5' cpuset='0'/></cputune>"
                + "<numatune><memnode cellid='7' nodeset='0'/></numatune>"
                + "<memtune><min_guarantee>1</min_guarantee></memtune>", TWO_CELLS, "");
        assertThatThrownBy(() -> DomainXml.parse(xml)).isInstanceOf(ConfException.class)
                .satisfies(e -> assertThat(((ConfException) e).problems()).hasSize(3));
    }
}
