package io.jvirt.image.iso;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Short ISO 9660 names (d-characters, level 1 or 2 lengths, unique in their directory) and
 * Joliet names, derived from an entry's long name. Pure.
 */
final class IsoNames {
    private IsoNames() {
    }

    /** Gives unique short names within one directory. */
    static final class Namer {
        private final IsoImage.Level level;
        private final Set<String> used = new HashSet<>();

        Namer(IsoImage.Level level) {
            this.level = level;
        }

        /** The short identifier of a file ({@code NAME.EXT;1}) or directory ({@code NAME}). */
        String shortName(String longName, boolean directory) {
            String base;
            String ext = "";
            int dot = longName.lastIndexOf('.');
            if (directory || dot <= 0) {
                base = dChars(longName);
            } else {
                base = dChars(longName.substring(0, dot));
                ext = dChars(longName.substring(dot + 1));
            }
            int maxExt = switch (level) {
                case LEVEL1 -> directory ? 0 : 3;
                case LEVEL2 -> directory ? 0 : Math.min(ext.length(), 10);
            };
            int maxBase = switch (level) {
                case LEVEL1 -> 8;
                case LEVEL2 -> directory ? 31 : 30 - maxExt;
            };
            ext = ext.substring(0, Math.min(ext.length(), maxExt));
            String b = base.isEmpty() ? "_" : base.substring(0, Math.min(base.length(), maxBase));
            String candidate = compose(b, ext, directory);
            for (int n = 1; !used.add(candidate); n++) {
                String suffix = Integer.toString(n);
                String cut = b.substring(0, Math.min(b.length(), maxBase - suffix.length()));
                candidate = compose(cut + suffix, ext, directory);
            }
            return candidate;
        }

        private static String compose(String base, String ext, boolean directory) {
            return directory ? base : base + "." + ext + ";1";
        }
    }

    /** Upper case, anything but A-Z, 0-9 and '_' becoming '_'. */
    static String dChars(String s) {
        String up = s.toUpperCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(up.length());
        for (int i = 0; i < up.length(); i++) {
            char c = up.charAt(i);
            b.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return b.toString();
    }

    /** The Joliet identifier: the long name with Joliet's forbidden characters replaced, files with ";1". */
    static String joliet(String longName, boolean directory) {
        StringBuilder b = new StringBuilder(longName.length() + 2);
        for (int i = 0; i < longName.length(); i++) {
            char c = longName.charAt(i);
            b.append(c == '*' || c == ':' || c == ';' || c == '?' || c == '\\' ? '_' : c);
        }
        return directory ? b.toString() : b + ";1";
    }
}
