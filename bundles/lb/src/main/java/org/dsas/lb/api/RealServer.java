package org.dsas.lb.api;

import java.util.Objects;

/**
 * A real server of a virtual service as the operator wants it: where, how
 * packets get there, weight and connection thresholds (0 = no threshold).
 */
public record RealServer(Endpoint endpoint, ForwardMethod method, int weight, int upperThreshold,
        int lowerThreshold) {

    public static final int MAX_WEIGHT = 65535;

    public RealServer {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(method, "method");
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " of " + endpoint + " out of range 0-65535");
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException("thresholds of " + endpoint + " must be >= 0");
        }
        if (upperThreshold > 0 && lowerThreshold > upperThreshold) {
            throw new IllegalArgumentException("lower threshold " + lowerThreshold + " of " + endpoint
                    + " is above the upper threshold " + upperThreshold);
        }
    }

    public static RealServer of(Endpoint endpoint, ForwardMethod method, int weight) {
        return new RealServer(endpoint, method, weight, 0, 0);
    }

    public RealServer withWeight(int newWeight) {
        return new RealServer(endpoint, method, newWeight, upperThreshold, lowerThreshold);
    }
}
