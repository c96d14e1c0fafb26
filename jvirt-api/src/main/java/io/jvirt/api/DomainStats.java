package io.jvirt.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One domain's statistics as {@code domstats} prints them: libvirt's typed parameters in
 * libvirt's order and names ({@code state.state}, {@code block.0.rd.reqs}, ...); values are
 * numbers or strings.
 */
public record DomainStats(String name, Map<String, Object> stats) {
    public DomainStats {
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }
}
