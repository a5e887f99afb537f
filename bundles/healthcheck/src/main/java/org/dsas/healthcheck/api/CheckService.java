package org.dsas.healthcheck.api;

import java.util.List;

/** The health checks of this box, for the shell and other capabilities. */
public interface CheckService {

    List<CheckView> checks();

    /**
     * Runs the checks of one real server ("address:port", in every service that has it) once, now,
     * without changing their state; returns one line per check ("HTTP_GET 192.0.2.1:80: ok 200 in 1.2 ms").
     */
    List<String> runOnce(String server);

    /** Pauses (true) or resumes the checks of a real server ("address:port") or of all when null. */
    int pause(String server, boolean paused);
}
