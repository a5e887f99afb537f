package org.dsas.core.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a component's raw configuration against its typed configuration (the
 * {@code @ObjectClassDefinition} annotation interface DS hands the component) before the component
 * uses any of it: every key must be one a method reads (DS maps {@code udp_idle_seconds()} to
 * {@code udp.idle.seconds}), every value must convert to the method's type (DS would otherwise fall
 * back to the default without a word), and a {@link ConfigRange} bounds a number. The component adds
 * its own rules with {@link #require}. Every problem is one line {@code file: key 'k': problem}; a
 * component with any problem keeps the settings it runs with and reports them to {@link ConfigAlarms}.
 * Keys that Config Admin, File Install, SCR and Karaf add are not the operator's and are skipped.
 */
public final class ConfigCheck {

    private final String pid;
    private final String file;
    private final Map<String, ?> props;
    private final List<String> problems = new ArrayList<>();

    private ConfigCheck(String pid, String file, Map<String, ?> props) {
        this.pid = pid;
        this.file = file;
        this.props = props;
    }

    /**
     * Checks {@code props} (the component's properties as DS hands them: its configuration merged with
     * the properties its {@code @Component(property = ...)} declares, named in {@code componentProperties}
     * so they are not taken for the operator's keys) against {@code type}.
     */
    public static ConfigCheck of(String pid, Class<? extends Annotation> type, Map<String, ?> props,
            String... componentProperties) {
        ConfigCheck c = new ConfigCheck(pid, ConfigFiles.fileOf(props, "etc/" + pid + ".cfg"), props);
        Map<String, Method> byKey = methods(type);
        Set<String> declared = Set.of(componentProperties);
        for (String key : new TreeSet<>(props.keySet())) {
            if (ConfigFiles.isFrameworkKey(key) || declared.contains(key)) {
                continue;
            }
            Method m = byKey.get(key);
            if (m == null) {
                c.problem(key, "unknown key (known: " + String.join(", ", byKey.keySet()) + ")");
            } else {
                c.value(key, m, props.get(key));
            }
        }
        return c;
    }

    /** The configuration keys a typed configuration reads, by DS's name mapping, sorted. */
    public static Set<String> keys(Class<? extends Annotation> type) {
        return methods(type).keySet();
    }

    /** Adds {@code problem} for {@code key} unless {@code ok}. */
    public ConfigCheck require(String key, boolean ok, String problem) {
        if (!ok) {
            problem(key, problem);
        }
        return this;
    }

    /** True when {@code key}'s value (as given, or the default) is already a problem: skip further rules on it. */
    public boolean failed(String key) {
        String prefix = file + ": key '" + key + "':";
        return problems.stream().anyMatch(p -> p.startsWith(prefix));
    }

    public String pid() {
        return pid;
    }

    public String file() {
        return file;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * The checked configuration as its typed interface: each method answers the configured value
     * converted to its type, or its default. Use it once {@link #ok()}; a value that failed its check
     * answers the default.
     */
    public <A extends Annotation> A typed(Class<A> type) {
        Map<String, Method> byKey = methods(type);
        Map<Method, Object> values = new java.util.HashMap<>();
        byKey.forEach((key, m) -> {
            Object raw = props.get(key);
            Object v = raw == null || failed(key) ? null : convert(raw, m.getReturnType());
            values.put(m, v != null ? v : m.getDefaultValue());
        });
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, m, args) -> switch (m.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + values.entrySet().stream()
                            .map(e -> e.getKey().getName() + "=" + e.getValue()).sorted().toList();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> {
                        Object v = values.get(m);
                        yield v instanceof String[] a ? a.clone() : v;
                    }
                });
        return type.cast(proxy);
    }

    private static Object convert(Object raw, Class<?> t) {
        String text = raw.toString().trim();
        if (t == String.class) {
            return raw.toString();
        }
        if (t == String[].class) {
            return raw instanceof String[] a ? a : new String[] {raw.toString()};
        }
        if (t == boolean.class || t == Boolean.class) {
            return raw instanceof Boolean b ? b : Boolean.valueOf(text);
        }
        if (t.isEnum()) {
            for (Object e : t.getEnumConstants()) {
                if (((Enum<?>) e).name().equals(text)) {
                    return e;
                }
            }
            return null;
        }
        if (raw instanceof Number n) {
            text = t == double.class || t == float.class ? String.valueOf(n.doubleValue())
                    : String.valueOf(n.longValue());
        }
        if (t == int.class || t == Integer.class) {
            return Integer.valueOf(text);
        }
        if (t == long.class || t == Long.class) {
            return Long.valueOf(text);
        }
        if (t == short.class) {
            return Short.valueOf(text);
        }
        if (t == byte.class) {
            return Byte.valueOf(text);
        }
        if (t == double.class) {
            return Double.valueOf(text);
        }
        if (t == float.class) {
            return Float.valueOf(text);
        }
        return null;
    }

    /** Reports the outcome to the alarms and says whether the configuration may be used. */
    public boolean passed(ConfigAlarms alarms) {
        alarms.report(pid, problems());
        return ok();
    }

    private void problem(String key, String problem) {
        problems.add(file + ": key '" + key + "': " + problem);
    }

    private void value(String key, Method m, Object raw) {
        Class<?> t = m.getReturnType();
        String text = raw == null ? "" : raw.toString().trim();
        if (t == String.class || t == String[].class || raw == null) {
            return;
        }
        if (t == boolean.class || t == Boolean.class) {
            if (!(raw instanceof Boolean) && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                problem(key, "'" + text + "' is not true or false");
            }
            return;
        }
        if (t.isEnum()) {
            for (Object e : t.getEnumConstants()) {
                if (((Enum<?>) e).name().equals(text)) {
                    return;
                }
            }
            problem(key, "'" + text + "' is not one of " + java.util.Arrays.toString(t.getEnumConstants()));
            return;
        }
        boolean whole = t == int.class || t == long.class || t == short.class || t == byte.class
                || t == Integer.class || t == Long.class;
        double value;
        try {
            if (whole) {
                long l = raw instanceof Number n ? n.longValue() : Long.parseLong(text);
                long max = t == int.class || t == Integer.class ? Integer.MAX_VALUE : t == short.class
                        ? Short.MAX_VALUE : t == byte.class ? Byte.MAX_VALUE : Long.MAX_VALUE;
                if (Math.abs(l) > max) {
                    throw new NumberFormatException();
                }
                value = l;
            } else {
                value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                if (!Double.isFinite(value)) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            problem(key, "'" + text + "' is not " + (whole ? "a whole number" : "a number"));
            return;
        }
        ConfigRange r = m.getAnnotation(ConfigRange.class);
        if (r != null && (value < r.min() || value > r.max())) {
            problem(key, "'" + text + "' is out of range " + number(r.min()) + "-" + number(r.max()));
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d).toLowerCase(Locale.ROOT);
    }

    private static Map<String, Method> methods(Class<? extends Annotation> type) {
        String prefix = "";
        try {
            Field f = type.getField("PREFIX_");
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                prefix = (String) f.get(null);
            }
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // no prefix
        }
        Map<String, Method> out = new TreeMap<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())) {
                out.put(prefix + key(m.getName()), m);
            }
        }
        return out;
    }

    /** DS 1.4's mapping of a method name to a property key (112.8.2.1): $$ -> $, $_$ -> -, $ dropped, __ -> _, _ -> . */
    static String key(String method) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (method.startsWith("$$", i)) {
                    b.append('$');
                    i++;
                } else if (method.startsWith("$_$", i)) {
                    b.append('-');
                    i += 2;
                }
            } else if (c == '_') {
                if (method.startsWith("__", i)) {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
