package io.jvirt.daemon.domain;

import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotState;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotTreeTest {
    private static SnapshotDef s(String name, String parent, long time, SnapshotState state) {
        return new SnapshotDef.Builder().name(name).parent(parent).creationTime(time).state(state).build();
    }

    // a (running) -> b (shutoff) -> d (disk-snapshot); a -> c (running); given out of order
    private static final SnapshotTree TREE = SnapshotTree.of(List.of(
            s("d", "b", 4, SnapshotState.DISK_SNAPSHOT), s("c", "a", 3, SnapshotState.RUNNING),
            s("b", "a", 2, SnapshotState.SHUTOFF), s("a", null, 1, SnapshotState.RUNNING)), "c");

    private static List<String> names(List<SnapshotDef> l) {
        return l.stream().map(SnapshotDef::name).toList();
    }

    @Test
    void keepsParentsBeforeChildrenAndTheCurrentMark() {
        assertThat(names(TREE.all())).containsExactly("a", "b", "c", "d");
        assertThat(TREE.current()).isEqualTo("c");
        assertThat(names(TREE.children("a"))).containsExactly("b", "c");
        assertThat(names(TREE.descendants("a"))).containsExactly("b", "c", "d");
        assertThat(TREE.isRoot("a")).isTrue();
        assertThat(TREE.isLeaf("d")).isTrue();
        assertThat(TREE.isLeaf("b")).isFalse();
    }

    @Test
    void changesMakeNewTrees() {
        SnapshotTree t = TREE.without("c");
        assertThat(t.current()).isNull();
        assertThat(TREE.current()).isEqualTo("c");
        assertThat(t.withCurrent("d").current()).isEqualTo("d");
        assertThat(t.with(s("e", "d", 5, SnapshotState.RUNNING)).size()).isEqualTo(4);
    }

    private static List<String> filter(Set<SnapshotFilter.Flag> flags, String from) {
        return names(new SnapshotFilter(flags, from).apply(TREE));
    }

    @Test
    void filtersAsLibvirt() {
        assertThat(filter(Set.of(), null)).containsExactly("a", "b", "c", "d");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.ROOTS), null)).containsExactly("a");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.LEAVES), null)).containsExactly("c", "d");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.NO_LEAVES), null)).containsExactly("a", "b");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.INACTIVE), null)).containsExactly("b");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.ACTIVE), null)).containsExactly("a", "c");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.DISK_ONLY), null)).containsExactly("d");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.ACTIVE, SnapshotFilter.Flag.DISK_ONLY), null))
                .containsExactly("a", "c", "d");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.EXTERNAL), null)).isEmpty();
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.INTERNAL), null)).containsExactly("a", "b", "c", "d");
        assertThat(filter(Set.of(), "a")).containsExactly("b", "c");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.DESCENDANTS), "a")).containsExactly("b", "c", "d");
        assertThat(filter(EnumSet.of(SnapshotFilter.Flag.NO_METADATA), null)).isEmpty();
    }
}
