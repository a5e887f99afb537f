package org.dsas.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelper;
import org.dsas.core.api.PrivilegedHelperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's end of {@code bin/dsas-privhelper}: owns the connection over the helper's two FIFOs in
 * {@code privileged/} (request: the appliance writes, reply: it reads), the request ids, the one reader thread that
 * hands each reply to the request with its id, and a deadline per request.
 *
 * <p>Opening a FIFO blocks until its other end is open. The helper holds both ends of both FIFOs while it runs, so
 * the opens return at once; when it is gone and its FIFOs are left (SIGKILL), they would block forever, so one
 * thread at a time opens them and callers wait for it only {@code connectDeadline}. A helper that starts again
 * releases that thread (it opens the old FIFOs once), and the next request connects to the new ones.
 */
public final class FifoPrivilegedHelper implements PrivilegedHelper, AutoCloseable {

    static final String ABSENT = "absent (the appliance was not started by bin/dsas-run as root): mount unavailable";
    private static final Logger LOG = LoggerFactory.getLogger(FifoPrivilegedHelper.class);
    private static final Pattern REPLY = Pattern.compile("(\\d{1,9}) (ok|error)(?: (.*))?");
    private static final Pattern STATE = Pattern.compile("(mounted|unmounted) (\\S+) (\\S+) (\\S+)(?: \\((.*)\\))?");
    private static final long MAX_ID = 999_999_999L;
    /** Bytes a FIFO write takes whole (PIPE_BUF): a request never mixes with another writer's. */
    private static final int PIPE_BUF = 4096;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path dir;
    private final Path requestFifo;
    private final Path replyFifo;
    private final Path mountsFile;
    private final Path refusedFile;
    private final Duration deadline;
    private final Duration connectDeadline;
    private final ThreadFactory threads;
    private final String id;
    private final AtomicLong ids = new AtomicLong(ThreadLocalRandom.current().nextLong(1, MAX_ID + 1));

    private final Object lock = new Object();
    private Connection connection;                   // guarded by lock: open, or null
    private CompletableFuture<Connection> opening;   // guarded by lock: the one open under way, or null
    private long openingSince;                       // guarded by lock: System.nanoTime()
    private String openFailure;                      // guarded by lock: why the last open failed, or null
    private String lost;                             // guarded by lock: how the last connection ended, or null
    private boolean closed;                          // guarded by lock

    /**
     * @param dir             the helper's directory ({@code ${karaf.home}/privileged})
     * @param deadline        how long a request waits for its reply
     * @param connectDeadline how long a request waits for the FIFOs to open
     * @param threads         makes the opening thread and the reader thread (daemon threads)
     */
    public FifoPrivilegedHelper(Path dir, Duration deadline, Duration connectDeadline, ThreadFactory threads) {
        this.dir = dir;
        this.requestFifo = dir.resolve("request");
        this.replyFifo = dir.resolve("reply");
        this.mountsFile = dir.resolve("mounts");
        this.refusedFile = dir.resolve("refused");
        this.deadline = deadline;
        this.connectDeadline = connectDeadline;
        this.threads = threads;
        this.id = "privhelper[" + dir + "]";
    }

    @Override
    public String state() {
        synchronized (lock) {
            if (closed) {
                return "closed";
            }
            if (connection != null) {
                return "reachable (" + dir + ")";
            }
            if (!fifosPresent()) {
                String refused = refused();
                return refused != null ? refused : lost != null ? lost + ": mount unavailable" : ABSENT;
            }
            if (opening == null) {
                startOpening();
            }
            if (openFailure != null) {
                return openFailure + ": mount unavailable";
            }
            return System.nanoTime() - openingSince > connectDeadline.toNanos()
                    ? notAnswering() + ": mount unavailable" : "connecting (" + dir + ")";
        }
    }

    @Override
    public boolean alarmed() {
        synchronized (lock) {
            if (closed || connection != null) {
                return false;
            }
            if (!fifosPresent()) {
                return refused() != null || lost != null;
            }
            return openFailure != null || opening != null
                    && System.nanoTime() - openingSince > connectDeadline.toNanos();
        }
    }

    @Override
    public List<MountState> mounts() throws PrivilegedHelperException {
        connection(); // absent, refused or not answering says so before the file is read
        List<String> names;
        try {
            names = names(Files.readAllLines(mountsFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PrivilegedHelperException("cannot read " + mountsFile + ": " + reason(e));
        }
        List<MountState> out = new ArrayList<>();
        for (String name : names) {
            out.add(status(name));
        }
        return out;
    }

    @Override
    public MountState status(String name) throws PrivilegedHelperException {
        return call("status", name);
    }

    @Override
    public MountState mount(String name) throws PrivilegedHelperException {
        return call("mount", name);
    }

    @Override
    public MountState unmount(String name) throws PrivilegedHelperException {
        return call("umount", name);
    }

    /** Closes the connection; a request under way fails. A thread still blocked opening a FIFO stays blocked. */
    @Override
    public void close() {
        Connection c;
        synchronized (lock) {
            closed = true;
            c = connection;
        }
        if (c != null) {
            c.end("the privileged helper's client was closed");
        }
    }

    /** The names of the mounts file's entries in order: the first word of each line that is no comment. */
    static List<String> names(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String name = line.split("\\s+", 2)[0];
            if (NAME.matcher(name).matches() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private MountState call(String op, String name) throws PrivilegedHelperException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PrivilegedHelperException("bad mount name '" + shown(name) + "': expected " + NAME.pattern());
        }
        Connection c = connection();
        long requestId = ids.getAndUpdate(i -> i >= MAX_ID ? 1 : i + 1);
        String line = requestId + " " + op + " " + name + "\n";
        CompletableFuture<String> answer;
        try {
            answer = c.send(requestId, line);
        } catch (NotSent e) {
            // nothing read it (a helper that is gone), so it is sent once more on a new connection
            c = connection();
            answer = c.send(requestId, line);
        }
        String reply;
        try {
            reply = answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            c.forget(requestId);
            throw new PrivilegedHelperException(op + " " + name + ": no answer from the privileged helper within "
                    + (deadline.toMillis() % 1000 == 0 ? deadline.toSeconds() + " s" : deadline.toMillis() + " ms"));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PrivilegedHelperException p ? p
                    : new PrivilegedHelperException(op + " " + name + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.forget(requestId);
            throw new PrivilegedHelperException(op + " " + name + ": interrupted");
        }
        if (reply.startsWith("error")) {
            throw new PrivilegedHelperException(reply.length() > 6 ? reply.substring(6) : op + " " + name + " failed");
        }
        String text = reply.length() > 3 ? reply.substring(3) : "";
        Matcher m = STATE.matcher(text);
        if (!m.matches()) {
            throw new PrivilegedHelperException(op + " " + name + ": the privileged helper answered '" + shown(text)
                    + "', not '<mounted|unmounted> <device> <mountpoint> <fstype>'");
        }
        boolean changed = !op.equals("status") && m.group(5) == null;
        return new MountState(name, m.group(2), m.group(3), m.group(4), m.group(1).equals("mounted"), changed);
    }

    private Connection connection() throws PrivilegedHelperException {
        CompletableFuture<Connection> pending;
        synchronized (lock) {
            if (closed) {
                throw new PrivilegedHelperException("the privileged helper's client is closed");
            }
            if (connection != null) {
                return connection;
            }
            if (!fifosPresent()) {
                String refused = refused();
                throw new PrivilegedHelperException(refused != null ? refused
                        : lost != null ? lost + ": mount unavailable" : "privileged helper " + ABSENT);
            }
            if (opening == null) {
                startOpening();
            }
            pending = opening;
        }
        try {
            return pending.get(connectDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PrivilegedHelperException(notAnswering());
        } catch (ExecutionException e) {
            throw new PrivilegedHelperException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrivilegedHelperException("interrupted while connecting to the privileged helper");
        }
    }

    // guarded by lock
    private void startOpening() {
        CompletableFuture<Connection> mine = new CompletableFuture<>();
        opening = mine;
        openingSince = System.nanoTime();
        threads.newThread(() -> open(mine)).start();
    }

    /** On the opening thread: both FIFOs, then the reader thread. */
    private void open(CompletableFuture<Connection> mine) {
        FileChannel requests = null;
        try {
            requests = FileChannel.open(requestFifo, StandardOpenOption.WRITE);  // waits for the helper's read end
            FileChannel replies = FileChannel.open(replyFifo, StandardOpenOption.READ);
            Connection c = new Connection(requests, replies);
            synchronized (lock) {
                if (opening == mine) {
                    opening = null;
                }
                if (closed) {
                    c.closeChannels();
                    mine.completeExceptionally(new PrivilegedHelperException("the privileged helper's client is closed"));
                    return;
                }
                connection = c;
                openFailure = null;
                lost = null;
            }
            threads.newThread(c::readReplies).start();
            LOG.info("{}: connected", id);
            mine.complete(c);
        } catch (IOException | RuntimeException e) {
            closeQuietly(requests);
            String why = e instanceof AccessDeniedException ? "cannot open " + e.getMessage()
                    + ": permission denied (the helper serves another user)"
                    : e instanceof NoSuchFileException ? "privileged helper " + ABSENT
                    : "cannot open the privileged helper's FIFOs in " + dir + ": " + reason(e);
            synchronized (lock) {
                if (opening == mine) {
                    opening = null;
                }
                openFailure = why;
            }
            LOG.warn("{}: {}", id, why);
            mine.completeExceptionally(new PrivilegedHelperException(why));
        }
    }

    private void connectionEnded(Connection c, String why) {
        boolean closing;
        synchronized (lock) {
            closing = closed;
            if (connection == c) {
                connection = null;
                lost = why + " at " + LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS);
            }
        }
        if (closing) {
            LOG.info("{}: {}", id, why);
        } else {
            LOG.warn("{}: {}", id, why);
        }
    }

    private String notAnswering() {
        return "privileged helper not answering: nothing reads " + requestFifo + " (the helper is not running)";
    }

    private boolean fifosPresent() {
        return isFifo(requestFifo) && isFifo(replyFifo);
    }

    private static boolean isFifo(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0010000;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** What the helper's last start refused, as one line, or null when it did not refuse. */
    private String refused() {
        try {
            if (!Files.isRegularFile(refusedFile)) {
                return null;
            }
            List<String> problems = Files.readAllLines(refusedFile, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("mounts")).toList();
            String when = TIME.format(Files.getLastModifiedTime(refusedFile).toInstant().atZone(ZoneId.systemDefault()));
            String first = problems.isEmpty() ? "see the file" : shown(problems.get(0));
            String more = problems.size() > 1 ? " and " + (problems.size() - 1) + " more" : "";
            return "refused to start at " + when + ": " + first + more + " (" + refusedFile + "): mount unavailable";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String shown(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 200 ? t.substring(0, 197) + "..." : t;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to add: the connection is being given up
            }
        }
    }

    /** A request that no helper read: the connection had ended, or the write failed. */
    private static final class NotSent extends PrivilegedHelperException {
        private static final long serialVersionUID = 1L;

        NotSent(String message) {
            super(message);
        }
    }

    /** One opening of the FIFOs: the requests sent on it that wait for their replies. */
    private final class Connection {
        private final FileChannel requests;
        private final FileChannel replies;
        private final Map<Long, CompletableFuture<String>> pending = new HashMap<>(); // guarded by this
        private String ended;                                                           // guarded by this

        Connection(FileChannel requests, FileChannel replies) {
            this.requests = requests;
            this.replies = replies;
        }

        CompletableFuture<String> send(long requestId, String line) throws PrivilegedHelperException {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            if (bytes.remaining() > PIPE_BUF) {
                throw new PrivilegedHelperException("request longer than PIPE_BUF: " + shown(line));
            }
            CompletableFuture<String> answer = new CompletableFuture<>();
            String failure;
            boolean partly = false;
            synchronized (this) {
                if (ended != null) {
                    throw new NotSent(ended);
                }
                pending.put(requestId, answer);
                try {
                    // one write(2) of at most PIPE_BUF bytes: whole, never interleaved with another writer's
                    if (requests.write(bytes) == bytes.limit()) {
                        return answer;
                    }
                    failure = "short write to " + requestFifo;
                    partly = true;
                } catch (IOException e) {
                    failure = "the privileged helper is gone: cannot write to " + requestFifo + ": " + reason(e);
                }
                pending.remove(requestId);
            }
            end(failure);
            throw partly ? new PrivilegedHelperException(failure) : new NotSent(failure);
        }

        synchronized void forget(long requestId) {
            pending.remove(requestId);
        }

        /**
         * Reads reply lines until the helper's end closes. By hand: a Reader over a FileChannel would wait to fill
         * its buffer (it takes a FileChannel for a regular file) and hold back the lines it has.
         */
        void readReplies() {
            String why = "the privileged helper exited";
            ByteBuffer buffer = ByteBuffer.allocate(PIPE_BUF);
            StringBuilder line = new StringBuilder();
            try {
                while (replies.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        char c = (char) (buffer.get() & 0xff);
                        if (c == '\n') {
                            deliver(line.toString());
                            line.setLength(0);
                        } else if (line.length() < PIPE_BUF) {
                            line.append(c);
                        }
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                why = "the privileged helper's replies ended: " + reason(e);
            }
            end(why);
        }

        private void deliver(String line) {
            Matcher m = REPLY.matcher(line);
            if (!m.matches()) {
                LOG.warn("{}: reply not of the form '<id> ok|error <text>': {}", id, shown(line));
                return;
            }
            CompletableFuture<String> answer;
            synchronized (this) {
                answer = pending.remove(Long.parseLong(m.group(1)));
            }
            if (answer == null) {
                LOG.debug("{}: reply to no waiting request: {}", id, shown(line));
                return;
            }
            answer.complete(m.group(2) + (m.group(3) == null ? "" : " " + m.group(3)));
        }

        void end(String why) {
            List<CompletableFuture<String>> waiting;
            synchronized (this) {
                if (ended != null) {
                    return;
                }
                ended = why;
                waiting = new ArrayList<>(pending.values());
                pending.clear();
            }
            closeChannels();
            connectionEnded(this, why);
            for (CompletableFuture<String> w : waiting) {
                w.completeExceptionally(new PrivilegedHelperException(why));
            }
        }

        void closeChannels() {
            closeQuietly(requests);
            closeQuietly(replies);
        }
    }
}
