package io.jvirt.qemu.firmware;

/** Shell-style globs with {@code *} and {@code ?}, as GLib's {@code g_pattern_match_simple} reads machine types. */
final class Glob {

    private Glob() {
    }

    static boolean matches(String glob, String text) {
        return matches(glob, 0, text, 0);
    }

    private static boolean matches(String g, int gi, String t, int ti) {
        while (gi < g.length()) {
            char c = g.charAt(gi);
            if (c == '*') {
                for (int k = ti; k <= t.length(); k++) {
                    if (matches(g, gi + 1, t, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.length() || (c != '?' && c != t.charAt(ti))) {
                return false;
            }
            gi++;
            ti++;
        }
        return ti == t.length();
    }
}
