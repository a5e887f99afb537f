package org.dsas.testsupport.kernel;

import java.io.PrintWriter;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Main class that runs JUnit 5 test classes inside the guest (see {@link KernelGuest#runJUnit}):
 * prints one line per test and the JUnit summary with failures, exits 0 when every test passed
 * and at least one ran, 1 otherwise, 2 on a usage or setup error.
 *
 * <p>It drives the JUnit Platform Launcher reflectively, so this module needs no compile
 * dependency on junit-platform-launcher; the classpath it runs with must hold it (surefire and
 * failsafe put it on the test classpath).
 */
public final class GuestJUnit {

    private GuestJUnit() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: GuestJUnit <test class>...");
            System.exit(2);
        }
        ClassLoader cl = GuestJUnit.class.getClassLoader();
        Class<?> launcherFactory;
        try {
            launcherFactory = Class.forName("org.junit.platform.launcher.core.LauncherFactory", true, cl);
        } catch (ClassNotFoundException e) {
            System.err.println("GuestJUnit: junit-platform-launcher is not on the classpath");
            System.exit(2);
            return;
        }
        Class<?> selectors = Class.forName("org.junit.platform.engine.discovery.DiscoverySelectors", true, cl);
        Method selectClass = selectors.getMethod("selectClass", String.class);
        List<Object> selected = new ArrayList<>();
        for (String name : args) {
            selected.add(selectClass.invoke(null, name));
        }
        Class<?> requestBuilder = Class.forName(
                "org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder", true, cl);
        Object builder = requestBuilder.getMethod("request").invoke(null);
        builder = requestBuilder.getMethod("selectors", List.class).invoke(builder, selected);
        Object request = requestBuilder.getMethod("build").invoke(builder);

        Class<?> listenerType = Class.forName("org.junit.platform.launcher.TestExecutionListener", true, cl);
        Object summaryListener = Class.forName(
                "org.junit.platform.launcher.listeners.SummaryGeneratingListener", true, cl)
                .getConstructor().newInstance();
        Object printer = Proxy.newProxyInstance(cl, new Class<?>[] {listenerType}, new LinePrinter());
        Object listeners = Array.newInstance(listenerType, 2);
        Array.set(listeners, 0, summaryListener);
        Array.set(listeners, 1, printer);

        Object launcher = launcherFactory.getMethod("create").invoke(null);
        Class<?> requestType = Class.forName("org.junit.platform.launcher.LauncherDiscoveryRequest", true, cl);
        // methods looked up on the public interfaces: the implementations are package-private
        Class<?> launcherType = Class.forName("org.junit.platform.launcher.Launcher", true, cl);
        launcherType.getMethod("execute", requestType, listeners.getClass()).invoke(launcher, request, listeners);

        Object summary = summaryListener.getClass().getMethod("getSummary").invoke(summaryListener);
        Class<?> summaryType = Class.forName("org.junit.platform.launcher.listeners.TestExecutionSummary", true, cl);
        PrintWriter out = new PrintWriter(System.out, true);
        summaryType.getMethod("printTo", PrintWriter.class).invoke(summary, out);
        summaryType.getMethod("printFailuresTo", PrintWriter.class, int.class).invoke(summary, out, 25);
        out.flush();
        long found = (long) summaryType.getMethod("getTestsFoundCount").invoke(summary);
        long failed = (long) summaryType.getMethod("getTotalFailureCount").invoke(summary);
        System.exit(found > 0 && failed == 0 ? 0 : 1);
    }

    /** Prints "[guest-junit] OK|FAILED|ABORTED|SKIPPED name" per test. */
    private static final class LinePrinter implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Exception {
            switch (method.getName()) {
                case "executionFinished": {
                    Object id = args[0];
                    if ((boolean) id.getClass().getMethod("isTest").invoke(id)) {
                        Object status = args[1].getClass().getMethod("getStatus").invoke(args[1]);
                        Optional<?> thrown = (Optional<?>) args[1].getClass().getMethod("getThrowable").invoke(args[1]);
                        String label = String.valueOf(status).equals("SUCCESSFUL") ? "OK" : String.valueOf(status);
                        System.out.println("[guest-junit] " + label + " " + name(id)
                                + thrown.map(t -> ": " + t).orElse(""));
                    }
                    return null;
                }
                case "executionSkipped":
                    System.out.println("[guest-junit] SKIPPED " + name(args[0]) + ": " + args[1]);
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "GuestJUnit line printer";
                default:
                    return null;
            }
        }

        private static String name(Object id) throws Exception {
            String uid = String.valueOf(id.getClass().getMethod("getUniqueId").invoke(id));
            String display = String.valueOf(id.getClass().getMethod("getDisplayName").invoke(id));
            int cls = uid.indexOf("[class:");
            String clazz = cls >= 0 ? uid.substring(cls + 7, uid.indexOf(']', cls)) : "";
            return clazz.isEmpty() ? display : clazz.substring(clazz.lastIndexOf('.') + 1) + "." + display;
        }
    }
}
