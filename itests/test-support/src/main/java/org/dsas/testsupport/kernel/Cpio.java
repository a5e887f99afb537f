package org.dsas.testsupport.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Minimal writer of the "newc" cpio format the Linux kernel unpacks as an initramfs. */
final class Cpio {
    private final OutputStream out;
    private long written;
    private int nextInode = 1;

    Cpio(OutputStream out) {
        this.out = out;
    }

    void directory(String path) throws IOException {
        entry(path, 0040755, new byte[0], 0, 0);
    }

    void file(String path, int permissions, byte[] content) throws IOException {
        entry(path, 0100000 | permissions, content, 0, 0);
    }

    void charDevice(String path, int permissions, int major, int minor) throws IOException {
        entry(path, 0020000 | permissions, new byte[0], major, minor);
    }

    /** Writes the trailer; the stream stays open. */
    void finish() throws IOException {
        entry("TRAILER!!!", 0, new byte[0], 0, 0);
        out.flush();
    }

    private void entry(String path, int mode, byte[] data, int rdevMajor, int rdevMinor) throws IOException {
        String name = path.startsWith("/") ? path.substring(1) : path;
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean trailer = name.equals("TRAILER!!!");
        StringBuilder h = new StringBuilder("070701");
        hex(h, trailer ? 0 : nextInode++); // c_ino
        hex(h, mode);                      // c_mode
        hex(h, 0);                         // c_uid
        hex(h, 0);                         // c_gid
        hex(h, (mode & 0170000) == 0040000 ? 2 : 1); // c_nlink
        hex(h, 0);                         // c_mtime (fixed: the archive depends on content only)
        hex(h, data.length);               // c_filesize
        hex(h, 0);                         // c_devmajor
        hex(h, 0);                         // c_devminor
        hex(h, rdevMajor);                 // c_rdevmajor
        hex(h, rdevMinor);                 // c_rdevminor
        hex(h, nameBytes.length + 1);      // c_namesize, with the NUL
        hex(h, 0);                         // c_check
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        write(new byte[] {0});
        pad();
        write(data);
        pad();
    }

    private static void hex(StringBuilder h, long value) {
        String s = Long.toHexString(value);
        h.append("0".repeat(8 - s.length())).append(s);
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }
}
