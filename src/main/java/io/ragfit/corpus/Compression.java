package io.ragfit.corpus;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Dataset files as they are published: gzip, or a zip archive holding one file, recognised by their first bytes
 * (not their names) and read as they stream in; anything else is read as it is.
 */
public final class Compression {

    private static final int BUFFER = 64 * 1024;

    private Compression() {
    }

    /** The content of {@code raw}, decompressed when it starts like a gzip stream or a zip archive. */
    public static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, BUFFER);
        }
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return new OneFileOfZip(new ZipInputStream(in));
        }
        return in;
    }

    /** The first file of a zip archive; an archive with a second file fails once the first has been read. */
    private static final class OneFileOfZip extends FilterInputStream {

        private final ZipInputStream zip;

        OneFileOfZip(ZipInputStream zip) throws IOException {
            super(zip);
            this.zip = zip;
            if (nextFile() == null) {
                throw new IOException("the zip archive holds no file");
            }
        }

        @Override
        public int read() throws IOException {
            int read = zip.read();
            if (read < 0) {
                refuseAnotherFile();
            }
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = zip.read(buffer, offset, length);
            if (read < 0) {
                refuseAnotherFile();
            }
            return read;
        }

        private void refuseAnotherFile() throws IOException {
            ZipEntry another = nextFile();
            if (another != null) {
                throw new IOException("the zip archive holds more than one file (" + another.getName()
                        + " follows the first): give one file per ingestion");
            }
        }

        private ZipEntry nextFile() throws IOException {
            ZipEntry entry;
            do {
                entry = zip.getNextEntry();
            } while (entry != null && entry.isDirectory());
            return entry;
        }
    }
}
