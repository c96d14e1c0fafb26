package io.jvirt.daemon.clone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.CloneOptions;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.InterfaceDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clone plans against what virt-clone 4.1 prints with --print-xml for the same original and
 * options (references in src/test/resources/clone, made by virt-clone-reference.sh on a
 * private libvirtd). UUIDs and random MACs are taken from the reference; everything else
 * must come out the same.
 */
class ClonePlannerTest {
    static final Path DIR = Path.of("src/test/resources/clone");
    static final String POOL = "/srv/pool";

    FakeWorld world;
    DomainDef demo;

    static String read(String name) throws IOException {
        return Files.readString(DIR.resolve(name)).replace("@POOL@", POOL);
    }

    static CloneOptions options(String name, boolean auto, List<String> files, List<String> macs,
                                List<String> skip) {
        return new CloneOptions("demo", null, name, auto, files, false, false, false, macs, false, skip, List.of(), null,
                Set.of(), false);
    }

    @BeforeEach
    void setUp() throws IOException {
        world = new FakeWorld().pool("p", POOL)
                .volume("p", POOL + "/demo.qcow2", "qcow2", 64L << 20)
                .volume("p", POOL + "/data.img", "raw", 32L << 20)
                .volume("p", POOL + "/install.iso", "raw", 1L << 20);
        world.domains.add("demo");
        demo = DomainXml.parse(read("demo.defined.xml"));
    }

    /** The reference with our UUID and the MACs virt-clone chose handed to our world. */
    DomainDef reference(String file) throws IOException {
        DomainDef ref = DomainXml.parse(read(file).replace("mac address=\"RANDOM\"", "mac address=\"52:54:00:99:99:99\""));
        world.uuid = ref.uuid();
        ref.devices().interfaces().stream().map(InterfaceDef::mac).forEach(world.macs::add);
        return ref;
    }

    @Test
    void autoCloneIsVirtClones() throws IOException {
        DomainDef ref = reference("auto.xml");
        ClonePlan plan = ClonePlanner.plan(options(null, true, List.of(), List.of(), List.of()), demo, "shut off",
                world);
        assertThat(plan.newDef()).isEqualTo(ref);
        assertThat(plan.newDef().name()).isEqualTo("demo-clone");
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::path)
                .containsExactly(POOL + "/demo-clone.qcow2", POOL + "/data-clone.img");
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::mode).containsOnly(ClonePlan.Mode.FULL);
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::format).containsExactly("qcow2", "raw");
    }

    @Test
    void filesAndMacsAreVirtClones() throws IOException {
        DomainDef ref = reference("files.xml");
        world.macs.clear();
        world.macs.add("52:54:00:99:99:99");
        ClonePlan plan = ClonePlanner.plan(options("web2", false, List.of(POOL + "/web2-a.qcow2", POOL + "/web2-b.img"),
                List.of("52:54:00:AA:BB:CC", "RANDOM"), List.of()), demo, "shut off", world);
        assertThat(plan.newDef()).isEqualTo(ref);
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::name).containsExactly("web2-a.qcow2", "web2-b.img");
    }

    @Test
    void skipCopyIsVirtClones() throws IOException {
        DomainDef ref = reference("skip.xml");
        ClonePlan plan = ClonePlanner.plan(options("web3", true, List.of(), List.of(), List.of("vdb")), demo,
                "shut off", world);
        assertThat(plan.newDef()).isEqualTo(ref);
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::target).containsExactly("vda");
    }

    @Test
    void takenPathsGetNumbers() {
        world.files.add(POOL + "/demo-clone.qcow2");
        world.files.add(POOL + "/data-clone.img");
        world.files.add(POOL + "/data-clone-1.img");
        ClonePlan plan = ClonePlanner.plan(options(null, true, List.of(), List.of(), List.of()), demo, "shut off",
                world);
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::path)
                .containsExactly(POOL + "/demo-clone-1.qcow2", POOL + "/data-clone-2.img");
    }

    @Test
    void cloneNamesFollowVirtClone() {
        assertThat(CloneNames.cloneName("vm", n -> false)).isEqualTo("vm-clone");
        assertThat(CloneNames.cloneName("vm", Set.of("vm-clone", "vm-clone1")::contains)).isEqualTo("vm-clone2");
        assertThat(CloneNames.cloneName("vm-clone", n -> false)).isEqualTo("vm-clone1");
        assertThat(CloneNames.cloneName("vm-clone3", n -> false)).isEqualTo("vm-clone4");
        assertThat(CloneNames.diskPath("vm", "new", "/d/vm.qcow2", p -> false)).isEqualTo("/d/new.qcow2");
        assertThat(CloneNames.diskPath("vm", "new", "/d/vm.qcow2", Set.of("/d/new.qcow2")::contains))
                .isEqualTo("/d/new-1.qcow2");
        assertThat(CloneNames.diskPath("vm", "new", "/d/disk.verylongext", p -> false))
                .isEqualTo("/d/disk.verylongext-clone");
    }

    @Test
    void linkedMakesOverlays() {
        CloneOptions o = new CloneOptions("demo", null, "thin", true, List.of(), false, false, true, List.of(), false,
                List.of(), List.of(), null, Set.of(), false);
        ClonePlan plan = ClonePlanner.plan(o, demo, "shut off", world);
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::mode).containsOnly(ClonePlan.Mode.OVERLAY);
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::format).containsOnly("qcow2");
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::path)
                .containsExactly(POOL + "/thin.qcow2", POOL + "/data-clone.qcow2");
        String xml = DomainXml.format(plan.newDef(), Secrets.INCLUDE);
        assertThat(xml).contains("<driver name='qemu' type='qcow2'/>\n      <source file='" + POOL
                + "/data-clone.qcow2'/>");
    }

    @Test
    void badInputIsReportedAllAtOnce() {
        world.domains.add("taken");
        world.files.add(POOL + "/exists.img");
        CloneOptions o = new CloneOptions("demo", null, "taken", false, List.of(POOL + "/exists.img",
                "/elsewhere/b.img"), false, true, true, List.of("01:00:00:00:00:01"), false, List.of("sdz"), List.of(),
                null, Set.of(), false);
        assertThatThrownBy(() -> ClonePlanner.plan(o, demo, "running", world))
                .isInstanceOf(CloneException.class)
                .satisfies(e -> assertThat(((CloneException) e).problems()).containsExactly(
                        "Domain 'demo' is running; shut it down (jvirt shutdown demo) or pause it (jvirt suspend demo)"
                                + " before cloning it.",
                        "--linked and --reflink exclude each other: an overlay refers to the original, a reflink "
                                + "copies it.",
                        "Domain 'taken' exists already; choose another --name, or give --replace to replace it.",
                        "--skip-copy sdz names no disk of domain 'demo' (its disks: hdc, vda, vdb).",
                        POOL + "/exists.img exists already (for disk vda); jvirt does not overwrite it: choose "
                                + "another --file, or give --preserve-data to use it as it is.",
                        "The new path /elsewhere/b.img for disk vdb is not in the directory of a running storage pool;"
                                + " choose a path in one (jvirt pool-list), or define and start a pool on /elsewhere.",
                        "The MAC address '01:00:00:00:00:01' is a multicast address; a network card needs a unicast "
                                + "one.",
                        "1 --mac addresses were given but domain 'demo' has 2 network interfaces; give one per "
                                + "interface (RANDOM for a random one)."));
    }

    @Test
    void macsInUseAreRefusedOrAvoided() {
        world.macsInUse.add("52:54:00:aa:bb:cc");
        world.macsInUse.add("52:54:00:00:00:00");
        CloneOptions o = options("m", true, List.of(), List.of("52:54:00:aa:bb:cc", "RANDOM"), List.of());
        assertThatThrownBy(() -> ClonePlanner.plan(o, demo, "shut off", world))
                .hasMessage("The MAC address 52:54:00:aa:bb:cc is in use by another domain; give another --mac, or "
                        + "--check mac_in_use=off to use it anyway.");
        CloneOptions off = new CloneOptions("demo", null, "m", true, List.of(), false, false, false,
                List.of("52:54:00:aa:bb:cc", "RANDOM"), false, List.of(), List.of(), null, Set.of("mac_in_use"),
                false);
        world.macsHandedOut.clear();
        ClonePlan plan = ClonePlanner.plan(off, demo, "shut off", world);
        // the first random MAC (…:00) is taken, so the next one is used
        assertThat(plan.newDef().devices().interfaces()).extracting(InterfaceDef::mac)
                .containsExactly("52:54:00:aa:bb:cc", "52:54:00:00:00:01");
    }

    @Test
    void disksOutsidePoolsAreNamed() {
        world.volumes.remove(POOL + "/data.img");
        assertThatThrownBy(() -> ClonePlanner.plan(options("x", true, List.of(), List.of(), List.of()), demo,
                "shut off", world))
                .hasMessage("Disk vdb's image " + POOL + "/data.img is not a volume of a running storage pool; jvirt "
                        + "copies disks through its pools: define and start a dir pool whose target is " + POOL
                        + " (jvirt pool-define FILE, jvirt pool-start NAME), or give --skip-copy vdb.");
    }

    @Test
    void preserveDataPointsAtExistingFilesAndCopiesNothing() {
        world.volume("p", POOL + "/keep-a.qcow2", "qcow2", 64L << 20).volume("p", POOL + "/keep-b.img", "raw", 1);
        CloneOptions o = new CloneOptions("demo", null, "kept", false, List.of(POOL + "/keep-a.qcow2",
                POOL + "/keep-b.img"), false, false, false, List.of(), true, List.of(), List.of(), null, Set.of(), false);
        ClonePlan plan = ClonePlanner.plan(o, demo, "paused", world);
        assertThat(plan.copies()).isEmpty();
        assertThat(plan.copyState()).isFalse();
        assertThat(DomainXml.format(plan.newDef(), Secrets.INCLUDE))
                .contains(POOL + "/keep-a.qcow2", POOL + "/keep-b.img");
        assertThat(plan.newDef().uuid()).isNotEqualTo(UUID.fromString("6f8a0c1e-8d8f-4b44-9d7c-5b2f3e0a1c01"));
    }

    static CloneOptions forceOrReplace(String name, List<String> force, List<String> skip, boolean replace) {
        return new CloneOptions("demo", null, name, true, List.of(), false, false, false, List.of(), false, skip,
                force, null, Set.of(), replace);
    }

    @Test
    void forceCopyIsVirtClones() throws IOException {
        DomainDef ref = reference("force.xml");
        ClonePlan plan = ClonePlanner.plan(forceOrReplace("web4", List.of("hdc"), List.of(), false), demo, "shut off",
                world);
        assertThat(plan.newDef()).isEqualTo(ref);
        assertThat(plan.copies()).extracting(ClonePlan.DiskCopy::path)
                .containsExactly(POOL + "/web4.qcow2", POOL + "/data-clone.img", POOL + "/install-clone.iso");
        assertThat(plan.newDef().devices().disks().get(2).readonly()).isTrue();
    }

    @Test
    void replaceIsVirtClones() throws IOException {
        world.domains.add("old");
        DomainDef ref = reference("replace.xml");
        ClonePlan plan = ClonePlanner.plan(forceOrReplace("old", List.of(), List.of(), true), demo, "shut off", world);
        assertThat(plan.newDef()).isEqualTo(ref);
        assertThat(plan.replaces()).isEqualTo("old");
        assertThat(plan.replacedNvram()).isFalse();
        assertThat(plan.notes()).contains("Domain 'old' was replaced: stopped if it ran, and undefined; its disks are "
                + "kept.");
        // without a domain of that name there is nothing to replace
        world.domains.remove("old");
        assertThat(ClonePlanner.plan(forceOrReplace("old", List.of(), List.of(), true), demo, "shut off", world)
                .replaces()).isNull();
    }

    @Test
    void replacedDomainsPathsMacsAndNvramAreFreeForTheClone() throws IOException {
        DomainDef uefi = DomainXml.parse(read("demo.defined.xml").replace("</os>",
                "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"
                        + "<nvram>/var/lib/jvirt/nvram/demo_VARS.fd</nvram></os><features><acpi/></features>"));
        world.domains.add("old");
        world.files.add("/var/lib/jvirt/nvram/old_VARS.fd");
        world.nvrams.put("old", "/var/lib/jvirt/nvram/old_VARS.fd");
        world.macsInUse.add("52:54:00:aa:bb:cc");
        world.domainMacs.put("old", Set.of("52:54:00:aa:bb:cc"));
        world.users.put(POOL + "/old.qcow2", List.of("old"));
        CloneOptions o = new CloneOptions("demo", null, "old", false, List.of(POOL + "/old.qcow2",
                POOL + "/old-data.img"), false, false, false, List.of("52:54:00:aa:bb:cc", "RANDOM"), false,
                List.of(), List.of(), null, Set.of(), true);
        ClonePlan plan = ClonePlanner.plan(o, uefi, "shut off", world);
        assertThat(plan.replacedNvram()).isTrue();
        assertThat(plan.newDef().os().nvram().path()).isEqualTo("/var/lib/jvirt/nvram/old_VARS.fd");
        assertThat(plan.newDef().devices().interfaces().getFirst().mac()).isEqualTo("52:54:00:aa:bb:cc");
        // without --replace each of them is refused
        CloneOptions keep = new CloneOptions("demo", null, "old", false, o.files(), false, false, false, o.macs(),
                false, List.of(), List.of(), null, Set.of(), false);
        assertThatThrownBy(() -> ClonePlanner.plan(keep, uefi, "shut off", world))
                .satisfies(e -> assertThat(((CloneException) e).problems()).containsExactly(
                        "Domain 'old' exists already; choose another --name, or give --replace to replace it.",
                        POOL + "/old.qcow2 is in use by domain old.",
                        "The MAC address 52:54:00:aa:bb:cc is in use by another domain; give another --mac, or "
                                + "--check mac_in_use=off to use it anyway.",
                        "The UEFI variable store /var/lib/jvirt/nvram/old_VARS.fd exists already; jvirt does not "
                                + "overwrite it: give --nvram another path, or --preserve-data to use it as it is."));
    }

    @Test
    void forceCopyAndReplaceMistakesGetOneSentenceEach() throws IOException {
        DomainDef emptyCd = DomainXml.parse(read("demo.defined.xml").replace("<source file='@POOL@/install.iso'/>"
                .replace("@POOL@", POOL), ""));
        assertThatThrownBy(() -> ClonePlanner.plan(forceOrReplace("demo", List.of("hdc", "sdq", "vdb"),
                List.of("vdb"), true), emptyCd, "shut off", world))
                .satisfies(e -> assertThat(((CloneException) e).problems()).containsExactly(
                        "--replace cannot replace domain 'demo' by a clone of itself; choose another --name.",
                        "--force-copy sdq names no disk of domain 'demo' (its disks: hdc, vda, vdb).",
                        "Disk vdb is named by both --skip-copy and --force-copy; give one of them.",
                        "--force-copy hdc names a drive without a medium; there is nothing to copy."));
    }
}
