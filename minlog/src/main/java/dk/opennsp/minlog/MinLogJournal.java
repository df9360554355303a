package dk.opennsp.minlog;

import dk.opennsp.security.access.AccessLogEntry;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * The append-only file that makes a MinLog entry durable on the embedded H2 database before it reaches
 * its table. One record per commit group: {@code [int length][int crc32][int count][entries...]}, written
 * with one {@code write} to a segment file ({@code 00000000000000000001.journal}, ...). A written record
 * survives {@code kill -9} of the JVM (it is in the operating system's page cache, as an H2 commit is);
 * like H2 it is not fsynced, so an OS crash or power loss may lose the last records.
 *
 * <p>Only whole records count: a record cut short by a crash fails its length or checksum and ends its
 * segment. Every start begins a new segment, so a cut record can only be the last one of an old segment.
 */
final class MinLogJournal implements Closeable {
    private static final String SUFFIX = ".journal";
    private static final int HEADER = 8;
    /** A record above this is not one this journal wrote (entries are bounded by their columns). */
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    /** A place in the journal: a byte offset in a segment. Records end at positions; readers resume there. */
    record Position(long segment, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            return segment != other.segment ? Long.compare(segment, other.segment) : Long.compare(offset, other.offset);
        }

        boolean isBefore(Position other) {
            return compareTo(other) < 0;
        }
    }

    /** Creates a new segment file for writing (a seam for tests that need a failing device). */
    interface SegmentFiles {
        SegmentFiles DEFAULT = path -> FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

        FileChannel create(Path path) throws IOException;
    }

    private final Path directory;
    private final long segmentSize;
    private final SegmentFiles files;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    private FileChannel current;
    private long currentSegment;
    /** The end of the last whole record written: readers never read past it. */
    private volatile Position end;
    /** Set when a failed write could not be undone: nothing more may be appended after a partial record. */
    private volatile IOException broken;

    private MinLogJournal(Path directory, long segmentSize, SegmentFiles files) {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.files = files;
    }

    /**
     * Opens (creating) the journal in {@code directory}. Appends go to a new segment numbered after every existing
     * one and at least {@code firstNewSegment} (past the database's checkpoint, even if older segments were removed).
     */
    static MinLogJournal open(Path directory, long segmentSize, long firstNewSegment) throws IOException {
        return open(directory, segmentSize, firstNewSegment, SegmentFiles.DEFAULT);
    }

    static MinLogJournal open(Path directory, long segmentSize, long firstNewSegment, SegmentFiles files) throws IOException {
        Files.createDirectories(directory);
        MinLogJournal journal = new MinLogJournal(directory, segmentSize, files);
        TreeSet<Long> existing = journal.segments();
        journal.startSegment(Math.max(firstNewSegment, existing.isEmpty() ? 1 : existing.last() + 1));
        return journal;
    }

    Path directory() {
        return directory;
    }

    /** Where the next record would start; everything before it has been written whole. */
    Position end() {
        return end;
    }

    /** The position before any existing segment: a reader from here replays the whole journal. */
    Position start() throws IOException {
        TreeSet<Long> existing = segments();
        return new Position(existing.isEmpty() ? end.segment() : existing.first(), 0);
    }

    /** Whether any segment holds bytes after {@code position} (records not yet in the table, or a cut-off one). */
    boolean hasRecordsAfter(Position position) throws IOException {
        for (long segment : segments()) {
            long size = Files.size(segmentPath(segment));
            if (segment > position.segment() ? size > 0 : segment == position.segment() && size > position.offset()) {
                return true;
            }
        }
        return false;
    }

    /** True when a failed write could not be undone; nothing can be appended until the journal is reopened. */
    boolean isBroken() {
        return broken != null;
    }

    /** Writes the entries as one record; when this returns they survive a crash of the JVM. */
    synchronized Position append(List<AccessLogEntry> entries) throws IOException {
        if (broken != null) {
            throw new IOException("the MinLog journal is unusable after a failed write", broken);
        }
        ByteBuffer record = encode(entries);
        if (end.offset() > 0 && end.offset() + record.remaining() > segmentSize) {
            current.close();
            startSegment(currentSegment + 1);
        }
        long before = end.offset();
        try {
            while (record.hasRemaining()) {
                current.write(record);
            }
        } catch (IOException e) {
            undo(before, e);
            throw e;
        }
        end = new Position(currentSegment, before + record.limit());
        return end;
    }

    /** A partly written record must not stay: later records behind it could never be read. */
    private void undo(long before, IOException cause) {
        try {
            current.truncate(before);
            current.position(before);
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    /** Deletes the segments wholly before {@code checkpoint}: their records are in the database. */
    void release(Position checkpoint) throws IOException {
        for (long segment : segments()) {
            if (segment < checkpoint.segment()) {
                Files.deleteIfExists(segmentPath(segment));
            }
        }
    }

    Reader reader(Position from) {
        return new Reader(from);
    }

    @Override
    public synchronized void close() throws IOException {
        current.close();
    }

    private void startSegment(long segment) throws IOException {
        current = files.create(segmentPath(segment));
        currentSegment = segment;
        end = new Position(segment, 0);
    }

    private TreeSet<Long> segments() throws IOException {
        TreeSet<Long> found = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    found.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        return found;
    }

    private Path segmentPath(long segment) {
        return directory.resolve(String.format("%020d%s", segment, SUFFIX));
    }

    private ByteBuffer encode(List<AccessLogEntry> entries) throws IOException {
        buffer.reset();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(0); // length and checksum, filled in below
        out.writeInt(0);
        out.writeInt(entries.size());
        for (AccessLogEntry e : entries) {
            writeEntry(out, e);
        }
        out.flush();
        byte[] bytes = buffer.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER, bytes.length - HEADER);
        ByteBuffer record = ByteBuffer.wrap(bytes);
        record.putInt(0, bytes.length - HEADER).putInt(4, (int) crc.getValue());
        return record;
    }

    private static void writeEntry(DataOutputStream out, AccessLogEntry e) throws IOException {
        for (String value : new String[]{e.citizenCpr(), e.citizenIdSource()}) {
            writeString(out, value);
        }
        writeInstant(out, e.occurredAt());
        writeInstant(out, e.occurredTo());
        for (String value : new String[]{e.systemName(), e.activity(), e.reason(), e.addition(), e.criticality(),
                e.organisationId(), e.organisationIdSource(), e.organisationName(), e.personName(), e.userId(),
                e.userIdSource(), e.userName(), e.userRole(), e.onBehalfOfId(), e.onBehalfOfIdSource(),
                e.onBehalfOfName(), e.onBehalfOfRole()}) {
            writeString(out, value);
        }
        out.writeInt(e.filters() == null ? -1 : e.filters().size());
        if (e.filters() != null) {
            for (String filter : e.filters()) {
                writeString(out, filter);
            }
        }
        for (String value : new String[]{e.correlationId(), e.sequenceNumber(), e.registeredBy()}) {
            writeString(out, value);
        }
    }

    private static AccessLogEntry readEntry(DataInputStream in) throws IOException {
        String cpr = readString(in);
        String idSource = readString(in);
        Instant at = readInstant(in);
        Instant to = readInstant(in);
        String[] s = new String[17];
        for (int i = 0; i < s.length; i++) {
            s[i] = readString(in);
        }
        int filterCount = in.readInt();
        List<String> filters = null;
        if (filterCount >= 0) {
            filters = new ArrayList<>(filterCount);
            for (int i = 0; i < filterCount; i++) {
                filters.add(readString(in));
            }
        }
        return new AccessLogEntry(cpr, idSource, at, to, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9],
                s[10], s[11], s[12], s[13], s[14], s[15], s[16], filters, readString(in), readString(in), readString(in));
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    /** Reads whole records in order from a position, across segments, never past the journal's end. */
    final class Reader implements Closeable {
        private Position position;
        private FileChannel channel;
        private final ByteBuffer header = ByteBuffer.allocate(HEADER);

        private Reader(Position from) {
            this.position = from;
        }

        /** The position after the last record returned. */
        Position position() {
            return position;
        }

        /**
         * Entries of the next whole records, at least one record's worth when any is there, until {@code maxEntries}
         * is reached. An empty list: nothing new yet.
         */
        List<AccessLogEntry> read(int maxEntries) throws IOException {
            List<AccessLogEntry> entries = new ArrayList<>();
            while (entries.size() < maxEntries) {
                Position limit = end;
                if (!position.isBefore(limit)) {
                    break;
                }
                if (channel == null && !openSegment()) {
                    continue;
                }
                long readable = position.segment() == limit.segment() ? limit.offset() : channel.size();
                byte[] payload = readRecord(readable);
                if (payload == null) {
                    // the end of an older segment (possibly a record cut short by a crash): on to the next one
                    nextSegment();
                    continue;
                }
                DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    entries.add(readEntry(in));
                }
                position = new Position(position.segment(), position.offset() + HEADER + payload.length);
            }
            return entries;
        }

        /** The payload of the whole record at the position, or null when none ends within {@code readable}. */
        private byte[] readRecord(long readable) throws IOException {
            long at = position.offset();
            if (at + HEADER > readable) {
                return null;
            }
            header.clear();
            readFully(header, at);
            int length = header.getInt(0);
            int checksum = header.getInt(4);
            if (length < 4 || length > MAX_RECORD || at + HEADER + length > readable) {
                return null;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(payload, at + HEADER);
            CRC32 crc = new CRC32();
            crc.update(payload.array());
            if ((int) crc.getValue() != checksum) {
                if (position.segment() == end.segment()) {
                    throw new IOException("MinLog journal record at " + position + " fails its checksum");
                }
                return null;
            }
            return payload.array();
        }

        private void readFully(ByteBuffer target, long at) throws IOException {
            while (target.hasRemaining()) {
                if (channel.read(target, at + target.position()) < 0) {
                    throw new IOException("MinLog journal segment ends early at " + position);
                }
            }
        }

        /** False (and moved on) when the position's segment no longer exists. */
        private boolean openSegment() throws IOException {
            Path path = segmentPath(position.segment());
            if (!Files.exists(path)) {
                nextSegment();
                return false;
            }
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return true;
        }

        private void nextSegment() throws IOException {
            close();
            long next = position.segment() + 1;
            for (long segment : segments()) {
                if (segment > position.segment()) {
                    next = segment;
                    break;
                }
            }
            position = new Position(Math.min(next, end.segment()), 0);
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }
    }
}
