package org.dsas.keepalived.conf;

/** A keepalived.conf that cannot be read, with file and line. */
public class KeepalivedConfException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeepalivedConfException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
    }
}
