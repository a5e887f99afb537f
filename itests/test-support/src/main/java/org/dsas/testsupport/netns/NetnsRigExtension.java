package org.dsas.testsupport.netns;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 life cycle for a {@link NetnsRig}: checks the {@link Requirements} (fail with CI=true, skip otherwise),
 * makes the rig, dumps the logs of every process it started when a test (or a @BeforeAll/@BeforeEach/@AfterEach
 * method) fails, and closes it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NetnsRigExtension NET = NetnsRigExtension.requiring("keepalived");   // one rig per test class
 *
 * @Test
 * void failover() throws Exception {
 *     NetnsRig rig = NET.rig();
 *     ...
 * }
 * }</pre>
 *
 * Register it in a static field: the rig is made before @BeforeAll methods and closed after @AfterAll ones.
 * {@link #perTest()} gives each test its own rig instead. {@link #newRig()} makes further rigs, dumped and
 * closed the same way. Logs are printed to stdout (with failsafe's redirectTestOutputToFile: the test class's
 * {@code -output.txt} report), the last 64 KiB of each ({@code -Ddsas.netns.dumpBytes=...}).
 */
public final class NetnsRigExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestWatcher, LifecycleMethodExecutionExceptionHandler {

    private final String[] tools;
    private final boolean perTest;
    private final List<NetnsRig> rigs = new ArrayList<>();
    private final Set<String> dumped = ConcurrentHashMap.newKeySet();
    private NetnsRig rig;
    private boolean checked;

    private NetnsRigExtension(boolean perTest, String... tools) {
        this.perTest = perTest;
        this.tools = tools.clone();
    }

    /** One rig per test class; the tests need these tools (besides ip and ss) or fail/skip. */
    public static NetnsRigExtension requiring(String... tools) {
        return new NetnsRigExtension(false, tools);
    }

    /** A fresh rig for every test. */
    public NetnsRigExtension perTest() {
        return new NetnsRigExtension(true, tools);
    }

    /** The current rig. */
    public synchronized NetnsRig rig() {
        if (rig == null) {
            throw new IllegalStateException("no rig: register NetnsRigExtension with @RegisterExtension on a static field");
        }
        return rig;
    }

    /** Another rig, dumped on failure and closed with the current one. */
    public synchronized NetnsRig newRig() throws Exception {
        NetnsRig r = NetnsRig.create();
        rigs.add(r);
        return r;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        check();
        if (!perTest) {
            synchronized (this) {
                rig = newRig();
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        check();
        if (perTest) {
            synchronized (this) {
                rig = newRig();
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isPresent()) {
            dump(context);
        }
        if (perTest) {
            closeAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeAll();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        dump(context); // no-op if afterEach already did, or the rigs are gone
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        dump(context);
        throw t;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        dump(context);
        throw t;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        dump(context);
        throw t;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        dump(context);
        throw t;
    }

    private void check() {
        if (!checked) {
            Requirements.check(tools);
            checked = true;
        }
    }

    private synchronized void dump(ExtensionContext context) {
        if (!dumped.add(context.getUniqueId()) || rigs.isEmpty()) {
            return;
        }
        PrintStream out = System.out;
        out.println("##### " + context.getDisplayName() + " failed: netns rig logs follow #####");
        int max = Integer.getInteger("dsas.netns.dumpBytes", 64 * 1024);
        for (NetnsRig r : rigs) {
            r.dumpLogs(out, max);
        }
    }

    private void closeAll() {
        List<NetnsRig> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(rigs);
            rigs.clear();
            rig = null;
        }
        IllegalStateException failure = null;
        for (NetnsRig r : toClose) {
            try {
                r.close();
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
