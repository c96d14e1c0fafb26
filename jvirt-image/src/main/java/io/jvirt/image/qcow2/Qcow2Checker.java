package io.jvirt.image.qcow2;

import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageException;
import io.jvirt.image.internal.FileIo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * qemu-img check for qcow2. The image is opened the way qemu opens it for a check: tables past
 * the end of the file, a truncated file or the corrupt bit do not stop it, they are findings.
 * A repair runs one {@link CheckPass} that fixes what the mode allows and, when it fixed
 * something, a second pass that only looks (qemu's "double checking the fixed image"); the
 * result carries the counts of the second pass and the fixes of the first.
 */
public final class Qcow2Checker {

    private Qcow2Checker() {
    }

    /**
     * Checks an image file.
     *
     * @param path qcow2 file
     * @param repair what to repair
     * @return the findings
     * @throws ImageException when the file cannot be opened or its header is unusable
     */
    public static CheckResult check(Path path, CheckResult.Repair repair) {
        FileIo io = FileIo.open(path, repair == CheckResult.Repair.NONE ? FileIo.Mode.READ : FileIo.Mode.WRITE);
        try {
            return check(io, repair);
        } finally {
            io.close();
        }
    }

    /**
     * Checks an open image.
     *
     * @param io the file, writable when repairing
     * @param repair what to repair
     * @return the findings
     */
    static CheckResult check(FileIo io, CheckResult.Repair repair) {
        List<String> log = new ArrayList<>();
        CheckPass first = pass(io, repair, log);
        CheckTally t = first.tally();
        if (first.failure() != null || (t.corruptionsFixed == 0 && t.leaksFixed == 0)) {
            return result(first, first, log);
        }
        CheckPass again = pass(io, CheckResult.Repair.NONE, log);
        return result(again, first, log);
    }

    /**
     * Repairs an image that is open for writing, as qemu does when it opens a dirty image: all
     * leaks and corruptions that can be fixed are; a check that cannot complete is an error.
     *
     * @param io the open file
     * @param h its header (unused beyond identifying the image; the check reads it again)
     * @param all whether to fix corruptions too, not only leaks
     */
    static void repair(FileIo io, Qcow2Header h, boolean all) {
        CheckResult r = check(io, all ? CheckResult.Repair.ALL : CheckResult.Repair.LEAKS);
        if (r.exitCode() == 1) {
            throw new ImageException(ImageException.Kind.CORRUPT, io.path(), "Image " + io.path()
                    + " was not closed cleanly and its refcounts could not be repaired: "
                    + r.failure().orElse(r.checkErrors() + " internal errors occurred during the check.")
                    + " Run 'jvirt img check -r all' on it.");
        }
    }

    private static CheckPass pass(FileIo io, CheckResult.Repair repair, List<String> log) {
        Qcow2Header h = Qcow2Header.readForCheck(io);
        CheckPass p = new CheckPass(new CheckContext(io, h, log), repair);
        p.run();
        return p;
    }

    private static CheckResult result(CheckPass counts, CheckPass fixes, List<String> log) {
        CheckTally t = counts.tally();
        CheckTally f = fixes.tally();
        Qcow2Header h = counts.context().header;
        long total = (h.size() / 512 * 512 + h.clusterSize() - 1) >>> h.clusterBits();
        long end = counts.failure() == null ? counts.imageEndOffset() : 0;
        return new CheckResult("qcow2", t.corruptions, t.leaks, t.checkErrors, f.corruptionsFixed, f.leaksFixed,
                t.allocated, total, t.fragmented, t.compressed, end, log, Optional.ofNullable(counts.failure()));
    }
}
