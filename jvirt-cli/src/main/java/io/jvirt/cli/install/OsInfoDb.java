package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads the osinfo database (Debian's {@code osinfo-db}: XML under {@code /usr/share/osinfo/os})
 * itself, without libosinfo. A look-up by short id reads the file texts and parses only the file
 * that holds the short id and those of its ancestors; {@link #all()} and {@link #detectIso} parse
 * everything once.
 */
final class OsInfoDb {
    private static final Pattern SHORT_ID = Pattern.compile("<short-id>([^<]*)</short-id>");

    /** Where Debian installs the database. */
    static final Path DEFAULT_ROOT = Path.of("/usr/share/osinfo");

    private final Path root;
    private final Path cacheBase;
    private OsInfoCache cache;
    /** Whether the cache was looked for (it may not exist: no database directory to key it by). */
    private boolean cacheOpened;
    private List<Path> files;
    private final Map<String, String> texts = new HashMap<>();
    private final Map<String, OsInfo> byId = new HashMap<>();
    private final Map<String, Map<String, Long>> resourcesById = new HashMap<>();

    /**
     * A database read from {@code root} (which holds {@code os/}).
     *
     * @param root the database's directory
     */
    OsInfoDb(Path root) {
        this(root, null);
    }

    /**
     * A database read from {@code root} whose look-ups by short id are kept in a cache under
     * {@code cacheBase} (see {@link OsInfoCache}).
     *
     * @param root the database's directory
     * @param cacheBase where the cache lives, or null for none
     */
    OsInfoDb(Path root, Path cacheBase) {
        this.root = root;
        this.cacheBase = cacheBase;
    }

    /**
     * Finds an OS by short id, case as given; "generic" is virt-install's built-in generic OS.
     *
     * @param shortId the short id ({@code debian11}, {@code win11}, {@code linux2020})
     * @return the OS, or null when the database has no such short id
     */
    OsInfo lookup(String shortId) {
        if (shortId.equals("generic") || shortId.equals("none")) {
            return OsInfo.GENERIC;
        }
        if (!cacheOpened) {
            cacheOpened = true;
            cache = OsInfoCache.of(root, cacheBase);
        }
        OsInfo cached = cache == null ? null : cache.get(shortId);
        if (cached != null) {
            return cached;
        }
        OsInfo found = find(shortId);
        if (found != null && cache != null) {
            cache.put(shortId, found);
        }
        return found;
    }

    private OsInfo find(String shortId) {
        String needle = "<short-id>" + shortId + "</short-id>";
        for (Path f : likelyFirst(f -> shortId.equals(stem(f).replace("-", "")))) {
            String text = text(f);
            if (text.contains(needle)) {
                XmlElement os = osElement(text);
                return os == null ? null : resolve(os);
            }
        }
        return null;
    }

    /**
     * The database's files, those {@code likely} picks first: osinfo-db names a file after its
     * OS (debian11 is debian.org/debian-11.xml, http://debian.org/debian/11 too), so a look-up
     * usually reads one file instead of all 900 (150 ms of a cold start); the others follow in
     * case a file is named otherwise.
     */
    private List<Path> likelyFirst(Predicate<Path> likely) {
        List<Path> all = files();
        List<Path> out = new ArrayList<>(all.size());
        for (Path f : all) {
            if (likely.test(f)) {
                out.add(f);
            }
        }
        for (Path f : all) {
            if (!likely.test(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".xml") ? n.substring(0, n.length() - 4) : n;
    }

    /** The file osinfo-db names after an OS id: http://debian.org/debian/11 is debian.org/debian-11.xml. */
    private static Path fileNamedAfter(String id) {
        int scheme = id.indexOf("://");
        String rest = scheme < 0 ? id : id.substring(scheme + 3);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return null;
        }
        return Path.of(rest.substring(0, slash), rest.substring(slash + 1).replace('/', '-') + ".xml");
    }

    /** Every OS in the database, by main short id. */
    Map<String, OsInfo> all() {
        Map<String, OsInfo> out = new TreeMap<>();
        for (Path f : files()) {
            XmlElement os = osElement(text(f));
            if (os != null) {
                OsInfo info = resolve(os);
                out.put(info.shortId(), info);
            }
        }
        return out;
    }

    /**
     * Identifies an install ISO from its volume id, as libosinfo does: an OS one of whose media
     * volume-id patterns matches; when several do (Windows 10 and 11 share patterns), the most
     * recently released one.
     *
     * @param volumeId the ISO's volume id
     * @return the OS, or null when none matches
     */
    OsInfo detectIso(String volumeId) {
        if (volumeId == null || volumeId.isBlank()) {
            return null;
        }
        OsInfo best = null;
        for (OsInfo os : all().values()) {
            for (String re : os.isoVolumeIds()) {
                try {
                    if (Pattern.compile(re).matcher(volumeId).find()
                            && (best == null || os.releaseDate().compareTo(best.releaseDate()) > 0)) {
                        best = os;
                    }
                } catch (PatternSyntaxException e) {
                    // a pattern Java cannot read is skipped, as a pattern that does not match
                }
            }
        }
        return best;
    }

    /**
     * The {@code <os>} element of each file whose text passes {@code wanted} (only those are
     * parsed), in the order of the files' paths (the order {@link OsInfoTrees} tries them in).
     *
     * @param wanted picks files by their text
     * @return the elements
     */
    List<XmlElement> osElements(Predicate<String> wanted) {
        List<XmlElement> out = new ArrayList<>();
        for (Path f : files()) {
            String text = text(f);
            XmlElement os = wanted.test(text) ? osElement(text) : null;
            if (os != null) {
                out.add(os);
            }
        }
        return out;
    }

    /**
     * Every short id the database names, found in the files' texts without parsing them.
     *
     * @return the short ids
     */
    Set<String> shortIds() {
        Set<String> out = new HashSet<>();
        for (Path f : files()) {
            Matcher m = SHORT_ID.matcher(text(f));
            while (m.find()) {
                out.add(m.group(1).strip());
            }
        }
        return out;
    }

    private List<Path> files() {
        if (files == null) {
            Path dir = root.resolve("os");
            if (!Files.isDirectory(dir)) {
                throw new InstallException(InstallException.Kind.NOT_FOUND, "The osinfo database " + dir
                        + " does not exist; install Debian's osinfo-db package (apt-get install osinfo-db).");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                // VENDOR/NAME.xml only: NAME.d/ holds driver lists for the same OS, which install defaults ignore
                files = s.filter(p -> p.toString().endsWith(".xml") && p.getNameCount() == dir.getNameCount() + 2)
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private String text(Path f) {
        return texts.computeIfAbsent(f.toString(), k -> {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static XmlElement osElement(String text) {
        XmlElement doc = XmlReader.read(text);
        for (XmlElement c : doc.children()) {
            if (c.name().equals("os")) {
                return c;
            }
        }
        return null;
    }

    private OsInfo byOsId(String id) {
        OsInfo known = byId.get(id);
        if (known != null) {
            return known;
        }
        String needle = "<os id=\"" + id + "\"";
        Path named = fileNamedAfter(id);
        for (Path f : likelyFirst(f -> named != null && f.endsWith(named))) {
            String text = text(f);
            if (text.contains(needle)) {
                XmlElement os = osElement(text);
                if (os != null) {
                    return resolve(os);
                }
            }
        }
        return null;
    }

    private OsInfo resolve(XmlElement os) {
        String id = os.attributes().get("id");
        OsInfo known = byId.get(id);
        if (known != null) {
            return known;
        }
        List<String> shortIds = new ArrayList<>();
        String name = null;
        String family = null;
        Set<String> devices = new LinkedHashSet<>();
        Set<String> unsupported = new HashSet<>();
        boolean efi = false;
        boolean bios = true;
        Map<String, Long> resources = new HashMap<>();
        String parentId = null;
        String releaseDate = "";
        boolean inheritResources = false;
        List<String> isos = new ArrayList<>();
        for (XmlElement c : os.children()) {
            switch (c.name()) {
                case "short-id" -> shortIds.add(c.text().strip());
                case "name" -> {
                    if (name == null && !c.attributes().containsKey("xml:lang")) {
                        name = c.text().strip();
                    }
                }
                case "family" -> family = c.text().strip();
                case "release-date" -> releaseDate = c.text().strip();
                case "derives-from", "clones" -> {
                    OsInfo parent = byOsId(c.attributes().get("id"));
                    if (parent != null && parentId == null) {
                        parentId = parent.id();
                    }
                    if (parent != null) {
                        devices.addAll(parent.deviceIds());
                        if (family == null) {
                            family = parent.family();
                        }
                    }
                }
                case "devices" -> {
                    for (XmlElement d : c.children()) {
                        if (d.name().equals("device")) {
                            if ("false".equals(d.attributes().get("supported"))) {
                                unsupported.add(d.attributes().get("id"));
                            } else {
                                devices.add(d.attributes().get("id"));
                            }
                        }
                    }
                }
                case "firmware" -> {
                    if ("x86_64".equals(c.attributes().get("arch"))) {
                        boolean supported = !"false".equals(c.attributes().get("supported"));
                        if ("efi".equals(c.attributes().get("type"))) {
                            efi = supported;
                        } else if ("bios".equals(c.attributes().get("type"))) {
                            bios = supported;
                        }
                    }
                }
                case "resources" -> {
                    String arch = c.attributes().getOrDefault("arch", "all");
                    inheritResources |= "true".equals(c.attributes().get("inherit"));
                    for (XmlElement level : c.children()) {
                        for (XmlElement r : level.children()) {
                            resources.put(level.name() + "/" + arch + "/" + r.name(), parseLong(r.text()));
                        }
                    }
                }
                case "media" -> {
                    String arch = c.attributes().getOrDefault("arch", "");
                    if (arch.equals("x86_64") || arch.equals("i686") || arch.isEmpty()) {
                        for (XmlElement iso : c.children()) {
                            if (iso.name().equals("iso")) {
                                for (XmlElement v : iso.children()) {
                                    if (v.name().equals("volume-id")) {
                                        isos.add(v.text().strip());
                                    }
                                }
                            }
                        }
                    }
                }
                default -> {
                    // the rest of an OS entry does not change install defaults
                }
            }
        }
        devices.removeAll(unsupported);
        if (inheritResources && parentId != null) {
            resourcesById.getOrDefault(parentId, Map.of()).forEach(resources::putIfAbsent);
        }
        resourcesById.put(id, resources);
        if (shortIds.isEmpty()) {
            shortIds.add(id.toLowerCase(Locale.ROOT));
        }
        OsInfo info = new OsInfo(id, List.copyOf(shortIds), name == null ? shortIds.getFirst() : name, family,
                Set.copyOf(devices), efi && !bios, resource(resources, "minimum", "ram"),
                recommended(resources, "ram"), recommended(resources, "storage"),
                (int) recommended(resources, "n-cpus"), List.copyOf(isos), releaseDate);
        byId.put(id, info);
        return info;
    }

    /** A resource for x86_64, else for all architectures, as virtinst looks it up; 0 when absent. */
    private static long resource(Map<String, Long> resources, String level, String key) {
        for (String arch : List.of("x86_64", "all")) {
            Long v = resources.get(level + "/" + arch + "/" + key);
            if (v != null && v > 0) {
                return v;
            }
        }
        return 0;
    }

    /** The recommended value, or twice the minimum when osinfo only knows a minimum (virtinst's rule). */
    private static long recommended(Map<String, Long> resources, String key) {
        long rec = resource(resources, "recommended", key);
        return rec > 0 ? rec : 2 * resource(resources, "minimum", key);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
