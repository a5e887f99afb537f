package org.dsas.core.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.dsas.core.api.FlagSource;

/**
 * Reads the role flags from the four places a server can be told its roles.
 * Lowest precedence first: flags file, environment, kernel command line,
 * the operator's persisted choice. A missing source names no roles.
 */
final class FlagReader {

    static final String CMDLINE_KEY = "dsas.roles";
    static final String ENV_KEY = "DSAS_ROLES";
    static final String FILE_KEY = "roles";
    /** A kernel parameter; a quoted value may hold spaces (dsas.roles="lb metrics"). */
    private static final java.util.regex.Pattern CMDLINE_TOKEN =
            java.util.regex.Pattern.compile("[^\\s=]+=\"[^\"]*\"|[^\\s=]+='[^']*'|\\S+");

    private final Path cmdline;
    private final Map<String, String> env;
    private final Path flagsFile;
    private final Path operatorFile;

    FlagReader(Path cmdline, Map<String, String> env, Path flagsFile, Path operatorFile) {
        this.cmdline = cmdline;
        this.env = env;
        this.flagsFile = flagsFile;
        this.operatorFile = operatorFile;
    }

    /** All sources, lowest precedence first; unreadable or bad parts land in problems. */
    List<FlagSet> read(List<String> problems) {
        List<FlagSet> sets = new ArrayList<>();
        sets.add(fromPropertiesFile(FlagSource.FLAGS_FILE, flagsFile, problems));
        String envValue = env.get(ENV_KEY);
        sets.add(new FlagSet(FlagSource.ENVIRONMENT, ENV_KEY + "=" + (envValue == null ? "" : envValue),
                RoleFlags.parse(envValue, "environment " + ENV_KEY, problems)));
        sets.add(fromCmdline(problems));
        sets.add(fromPropertiesFile(FlagSource.OPERATOR, operatorFile, problems));
        return sets;
    }

    Path operatorFile() {
        return operatorFile;
    }

    private FlagSet fromCmdline(List<String> problems) {
        Map<String, Boolean> roles = new LinkedHashMap<>();
        String raw = "";
        if (cmdline != null && Files.isReadable(cmdline)) {
            try {
                String line = Files.readString(cmdline, StandardCharsets.UTF_8);
                java.util.regex.Matcher m = CMDLINE_TOKEN.matcher(line);
                while (m.find()) {
                    String token = m.group();
                    if (token.startsWith(CMDLINE_KEY + "=")) {
                        String value = unquote(token.substring(CMDLINE_KEY.length() + 1));
                        raw = token;
                        roles.putAll(RoleFlags.parse(value, "kernel command line " + cmdline, problems));
                    }
                }
            } catch (IOException e) {
                problems.add("kernel command line " + cmdline + ": cannot read: " + e.getMessage());
            }
        }
        return new FlagSet(FlagSource.KERNEL_CMDLINE, cmdline + (raw.isEmpty() ? "" : " " + raw), roles);
    }

    private static FlagSet fromPropertiesFile(FlagSource source, Path file, List<String> problems) {
        if (file == null || !Files.exists(file)) {
            return new FlagSet(source, String.valueOf(file), Map.of());
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
            return new FlagSet(source, file.toString(), Map.of());
        }
        for (String key : props.stringPropertyNames()) {
            if (!FILE_KEY.equals(key)) {
                problems.add(file + ": unknown key '" + key + "' (known: " + FILE_KEY + ")");
            }
        }
        String value = props.getProperty(FILE_KEY);
        return new FlagSet(source, file.toString(),
                RoleFlags.parse(value, file + " key '" + FILE_KEY + "'", problems));
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
