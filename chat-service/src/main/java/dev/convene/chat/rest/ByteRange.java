package dev.convene.chat.rest;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 §14). Several ranges, other
 * units or bad syntax are ignored (the whole file is served, as the RFC allows); a range that
 * starts beyond the end is unsatisfiable (416).
 */
record ByteRange(long start, long end) {

    long length() {
        return end - start + 1;
    }

    /** null: serve everything. */
    static ByteRange parse(String header, long size) throws Unsatisfiable {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) { // suffix: the last N bytes
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start < 0 || last.length() > 0 && Long.parseLong(last) < start) {
                return null; // syntactically invalid: ignore
            }
            if (start >= size) {
                throw new Unsatisfiable();
            }
            return new ByteRange(start, end);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }
}
