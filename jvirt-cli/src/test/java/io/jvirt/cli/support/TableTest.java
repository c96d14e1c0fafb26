package io.jvirt.cli.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {
    @Test
    void matchesVirshLayout() {
        StringBuilder sb = new StringBuilder();
        new Table("Id", "Name", "State").row("1", "demo", "running").row("-", "web", "shut off").render(sb);
        assertThat(sb.toString()).isEqualTo("""
                 Id   Name   State
                -----------------------
                 1    demo   running
                 -    web    shut off
                """);
    }
}
