package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuSetTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;0", "0-3;0-3", "3,1,2;1-3", "0-3,^2;0-1,3", "1-2,5-7,^6;1-2,5,7", "0,16383;0,16383",
        " 1 , 3 ;1,3", "0-1,1-2;0-2"})
    void parsesAndFormatsAsLibvirt(String text, String canonical) {
        assertThat(CpuSet.parse(text, "The cpuset").toString()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|The cpuset '' is not valid; write numbers and ranges separated by commas, such as 0-3,^2,8.",
        "0,^0|The cpuset '0,^0' names no number at all.",
        "3-1|The cpuset '3-1' has the range 3-1, which ends before it starts.",
        "16384|The cpuset '16384' names 16384; the largest number allowed is 16383.",
        "0-3,^1-2|The cpuset '0-3,^1-2' excludes a range; '^' takes a single number.",
        "a|The cpuset 'a' is not valid; write numbers and ranges separated by commas, such as 0-3,^2,8."})
    void refusesWithASentence(String text, String message) {
        assertThatThrownBy(() -> CpuSet.parse(text, "The cpuset")).isInstanceOf(ConfException.class)
                .hasMessage(message);
    }

    @Test
    void answersMembership() {
        CpuSet s = CpuSet.parse("0-2,5", "x");
        assertThat(s.ids()).containsExactly(0, 1, 2, 5);
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.contains(5)).isTrue();
        assertThat(s.contains(4)).isFalse();
        assertThat(s.overlaps(CpuSet.of(4, 5))).isTrue();
        assertThat(s.overlaps(CpuSet.range(3, 4))).isFalse();
        assertThat(s).isEqualTo(CpuSet.parse("5,0-2", "x"));
    }
}
