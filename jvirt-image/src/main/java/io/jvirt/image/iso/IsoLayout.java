package io.jvirt.image.iso;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Where everything of an image goes: the short and Joliet names of each entry, the order of the
 * directories in both trees, and the sector of every directory, path table and file. Pure.
 *
 * <p>Sectors: 0-15 system area, 16 primary descriptor, 17 Joliet descriptor, 18 terminator, 19
 * the Rock Ridge continuation area (its ER entry), then the four path tables, the primary
 * directories, the Joliet directories and the file contents.
 */
final class IsoLayout {
    static final int PVD = 16;
    static final int SVD = 17;
    static final int TERMINATOR = 18;
    static final int CONTINUATION = 19;
    static final int PATH_TABLES = 20;

    /** A directory of the image with its place in both trees. */
    static final class Dir {
        final IsoNode.Directory node;
        final Dir parent;
        final String isoName;
        final String jolietName;
        final List<Item> primaryOrder = new ArrayList<>();
        final List<Item> jolietOrder = new ArrayList<>();
        int primaryNumber;
        int jolietNumber;
        int primaryLba;
        int primarySize;
        int jolietLba;
        int jolietSize;
        int subdirs;

        Dir(IsoNode.Directory node, Dir parent, String isoName, String jolietName) {
            this.node = node;
            this.parent = parent;
            this.isoName = isoName;
            this.jolietName = jolietName;
        }
    }

    /** An entry of a directory: a file (with its content's sector) or a subdirectory. */
    static final class Item {
        final IsoNode node;
        final String isoName;
        final String jolietName;
        final Dir dir;
        int fileLba;

        Item(IsoNode node, String isoName, String jolietName, Dir dir) {
            this.node = node;
            this.isoName = isoName;
            this.jolietName = jolietName;
            this.dir = dir;
        }
    }

    final IsoImage image;
    final Dir root;
    final List<Dir> primaryDirs;
    final List<Dir> jolietDirs;
    final List<Item> files = new ArrayList<>();
    final int primaryPathTableSize;
    final int jolietPathTableSize;
    final int[] pathTableLba = new int[4];
    final int metadataSectors;
    final int totalSectors;

    IsoLayout(IsoImage image) {
        this.image = image;
        this.root = new Dir(image.root(), null, "", "");
        build(root);
        primaryDirs = breadthFirst(root, true);
        jolietDirs = breadthFirst(root, false);
        for (int i = 0; i < primaryDirs.size(); i++) {
            primaryDirs.get(i).primaryNumber = i + 1;
            jolietDirs.get(i).jolietNumber = i + 1;
        }
        primaryPathTableSize = pathTableSize(primaryDirs, true);
        jolietPathTableSize = pathTableSize(jolietDirs, false);
        int lba = PATH_TABLES;
        for (int i = 0; i < 4; i++) {
            pathTableLba[i] = lba;
            lba += IsoBytes.sectors(i < 2 ? primaryPathTableSize : jolietPathTableSize);
        }
        for (Dir d : primaryDirs) {
            d.primaryLba = lba;
            d.primarySize = directorySize(d, true);
            lba += d.primarySize / IsoBytes.SECTOR;
        }
        for (Dir d : jolietDirs) {
            d.jolietLba = lba;
            d.jolietSize = directorySize(d, false);
            lba += d.jolietSize / IsoBytes.SECTOR;
        }
        metadataSectors = lba;
        for (Dir d : primaryDirs) {
            for (Item it : d.primaryOrder) {
                if (it.node instanceof IsoNode.File f) {
                    it.fileLba = f.size() == 0 ? 0 : lba;
                    lba += IsoBytes.sectors(f.size());
                    files.add(it);
                }
            }
        }
        totalSectors = lba;
    }

    private void build(Dir dir) {
        IsoNames.Namer namer = new IsoNames.Namer(image.level());
        for (IsoNode n : dir.node.entries()) {
            boolean isDir = n instanceof IsoNode.Directory;
            String shortName = namer.shortName(n.name(), isDir);
            String jolietName = IsoNames.joliet(n.name(), isDir);
            Item it = switch (n) {
                case IsoNode.Directory d -> new Item(n, shortName, jolietName, new Dir(d, dir, shortName, jolietName));
                case IsoNode.File f -> new Item(f, shortName, jolietName, null);
            };
            dir.primaryOrder.add(it);
            dir.jolietOrder.add(it);
            if (it.dir != null) {
                dir.subdirs++;
                build(it.dir);
            }
        }
        dir.primaryOrder.sort(Comparator.comparing(i -> i.isoName));
        dir.jolietOrder.sort(Comparator.comparing(i -> i.jolietName));
    }

    /** Directories by level, then parent, then name: the order of the path tables. */
    private static List<Dir> breadthFirst(Dir root, boolean primary) {
        List<Dir> out = new ArrayList<>();
        Deque<Dir> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            Dir d = queue.poll();
            out.add(d);
            for (Item it : primary ? d.primaryOrder : d.jolietOrder) {
                if (it.dir != null) {
                    queue.add(it.dir);
                }
            }
        }
        return out;
    }

    private static int pathTableSize(List<Dir> dirs, boolean primary) {
        int size = 0;
        for (Dir d : dirs) {
            int len = pathIdLength(d, primary);
            size += 8 + len + (len & 1);
        }
        return size;
    }

    static int pathIdLength(Dir d, boolean primary) {
        if (d.parent == null) {
            return 1;
        }
        return primary ? d.isoName.length() : 2 * d.jolietName.length();
    }

    /** Bytes of a directory's extent: its records packed, none crossing a sector, whole sectors. */
    private static int directorySize(Dir d, boolean primary) {
        int size = 0;
        List<Integer> lengths = new ArrayList<>();
        lengths.add(primary ? dotLength(d) : 34);
        lengths.add(primary ? RockRidge.PX_LENGTH + 34 : 34);
        for (Item it : primary ? d.primaryOrder : d.jolietOrder) {
            lengths.add(primary ? primaryLength(it) : jolietLength(it));
        }
        for (int len : lengths) {
            int room = IsoBytes.SECTOR - size % IsoBytes.SECTOR;
            if (len > room) {
                size += room;
            }
            size += len;
        }
        return IsoBytes.sectors(size) * IsoBytes.SECTOR;
    }

    static int dotLength(Dir d) {
        return d.parent == null ? even(34 + RockRidge.SP_LENGTH + RockRidge.PX_LENGTH + RockRidge.CE_LENGTH)
                : 34 + RockRidge.PX_LENGTH;
    }

    static int primaryLength(Item it) {
        int fi = it.isoName.length();
        return even(33 + fi + ((fi & 1) == 0 ? 1 : 0) + RockRidge.PX_LENGTH + RockRidge.nmLength(rrName(it)));
    }

    static int jolietLength(Item it) {
        int fi = 2 * it.jolietName.length();
        return 33 + fi + ((fi & 1) == 0 ? 1 : 0);
    }

    static byte[] rrName(Item it) {
        return it.node.name().getBytes(StandardCharsets.UTF_8);
    }

    static int even(int n) {
        return (n + 1) & ~1;
    }
}
