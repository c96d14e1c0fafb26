package io.jvirt.qemu.probe;

import java.util.HexFormat;

/**
 * A 64 KiB firmware image (for QEMU's {@code -bios}) that checks, in a few milliseconds of
 * guest time, that the CPU runs a guest through every mode a firmware and a kernel use.
 *
 * <p>From the reset vector it runs in real mode, switches to 32-bit protected mode while
 * still executing from the ROM (as SeaBIOS and OVMF do), builds 4-level page tables mapping
 * the first GiB with 2 MiB pages, enables PAE, EFER.LME and paging, jumps to 64-bit code,
 * writes and reads back one word in each of 4096 pages (16 MiB) and finally writes 0x31 to
 * an {@code isa-debug-exit} device at port 0xf4, so QEMU exits with status 99. On COM1 it
 * prints {@code R}, {@code P} and {@code L} as it reaches real, protected and long mode,
 * which tells how far a failing run got. The assembly (GNU as, linked at 0) is:
 *
 * <pre>
 *         .code16
 * _start: cli                                 # F000:0000, from the reset vector
 *         mov $0x3f8,%dx; mov $'R',%al; out %al,%dx
 *         lgdtl %cs:gdtr
 *         mov %cr0,%eax; or $1,%eax; mov %eax,%cr0
 *         ljmpl $0x08, $(0xF0000 + pm32)
 *         .code32
 * pm32:   mov $0x10,%ax; mov %ax,%ds; mov %ax,%es; mov %ax,%ss
 *         mov $0x3f8,%dx; mov $'P',%al; out %al,%dx
 *         mov $0x10000,%edi; xor %eax,%eax; mov $0xC00,%ecx; rep stosl
 *         movl $0x11003,0x10000               # PML4[0] -&gt; PDPT
 *         movl $0x12003,0x11000               # PDPT[0] -&gt; PD
 *         mov $0x12000,%edi; mov $0x83,%eax   # PD: 512 x 2 MiB identity pages
 * 1:      mov %eax,(%edi); add $0x200000,%eax; add $8,%edi; cmp $0x13000,%edi; jne 1b
 *         mov %cr4,%eax; or $0x20,%eax; mov %eax,%cr4            # PAE
 *         mov $0x10000,%eax; mov %eax,%cr3
 *         mov $0xC0000080,%ecx; rdmsr; or $0x100,%eax; wrmsr     # EFER.LME
 *         mov %cr0,%eax; or $0x80000000,%eax; mov %eax,%cr0      # paging
 *         ljmp $0x18, $(0xF0000 + lm64)
 *         .code64
 * lm64:   mov $0x200000,%rdi; mov $0x1000,%rcx; mov $0x0123456789abcdef,%rax
 * 2:      mov %rax,(%rdi); add (%rdi),%rax; add $0x1000,%rdi; dec %rcx; jnz 2b
 *         mov $0x3f8,%dx; mov $'L',%al; out %al,%dx
 *         mov $0x31,%al; out %al,$0xf4        # QEMU exits with (0x31 &lt;&lt; 1) | 1 = 99
 * 3:      hlt; jmp 3b
 *         .p2align 3
 * gdt:    .quad 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF, 0x00209A0000000000
 * gdtr:   .word gdtr - gdt - 1; .long 0xF0000 + gdt
 *         .code16
 *         .org 0xFFF0
 *         ljmp $0xF000, $_start               # reset vector
 *         .org 0x10000
 * </pre>
 */
final class ProbeFirmware {
    /** The exit status of QEMU when the payload reached its end. */
    static final int SUCCESS_EXIT_STATUS = 99;
    /** The {@code -device} argument the payload needs. */
    static final String EXIT_DEVICE = "isa-debug-exit,iobase=0xf4,iosize=0x04";

    private static final int SIZE = 0x10000;
    private static final int RESET_VECTOR = 0xFFF0;
    private static final String CODE = ""
            + "fabaf803b052ee2e660f0116f8000f20c06683c8010f22c066ea20000f000800"
            + "66b810008ed88ec08ed066baf803b050eebf0000010031c0b9000c0000f3abc7"
            + "050000010003100100c7050010010003200100bf00200100b883000000890705"
            + "0000200083c70881ff0030010075ee0f20e083c8200f22e0b8000001000f22d8"
            + "b9800000c00f320d000100000f300f20c00d000000800f22c0eaa0000f001800"
            + "48c7c70000200048c7c10010000048b8efcdab89674523014889074803074881"
            + "c70010000048ffc975ee66baf803b04ceeb031e6f4f4ebfd0000000000000000"
            + "ffff0000009acf00ffff00000092cf0000000000009a20001f00d8000f00";
    private static final String RESET_JUMP = "ea000000f0";

    private ProbeFirmware() {
    }

    /** Returns a fresh copy of the 64 KiB image. */
    static byte[] image() {
        byte[] image = new byte[SIZE];
        byte[] code = HexFormat.of().parseHex(CODE);
        byte[] jump = HexFormat.of().parseHex(RESET_JUMP);
        System.arraycopy(code, 0, image, 0, code.length);
        System.arraycopy(jump, 0, image, RESET_VECTOR, jump.length);
        return image;
    }

    /**
     * Describes how far the payload got, from the markers it printed on COM1; QEMU's own
     * lines in the same output are ignored.
     */
    static String progress(String output) {
        String serial = String.join("", output.lines().filter(l -> !l.startsWith("qemu")).toList());
        if (serial.contains("L")) {
            return "it reached 64-bit mode";
        }
        if (serial.contains("P")) {
            return "it reached 32-bit protected mode but not 64-bit mode";
        }
        if (serial.contains("R")) {
            return "it ran in real mode but never reached protected mode";
        }
        return "it printed nothing";
    }
}
