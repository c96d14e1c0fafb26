package io.jvirt.cli.blockjob;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** virsh's progress line, bandwidth units and capacity text for the block job verbs. */
class BlockJobTextTest {
    @Test
    void progressIsVirshsLineAndNeverShows100BeforeTheEnd() {
        StringWriter w = new StringWriter();
        PrintWriter p = new PrintWriter(w);
        BlockJobWait.progress(p, "Block commit", 55, 100);
        BlockJobWait.progress(p, "Block commit", 1, 1_000_000);
        BlockJobWait.progress(p, "Block commit", 0, 100);
        assertThat(w.toString()).isEqualTo("\rBlock commit: [ 45 %]\rBlock commit: [ 99 %]\rBlock commit: [100 %]");
    }

    @Test
    void bandwidthIsMibPerSecondUnlessBytesAndPrintsAsVirshDoes() {
        assertThat(BlockJobWait.bandwidth(5L, false)).isEqualTo(5L << 20);
        assertThat(BlockJobWait.bandwidth(4096L, true)).isEqualTo(4096L);
        assertThat(BlockJobWait.bandwidth(null, false)).isZero();
        assertThat(BlockjobCommand.pretty(5L << 20)).isEqualTo("5.000 MiB");
        assertThat(BlockjobCommand.pretty(1536)).isEqualTo("1.500 KiB");
    }
}
