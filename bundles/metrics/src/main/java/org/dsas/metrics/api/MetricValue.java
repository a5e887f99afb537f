package org.dsas.metrics.api;

/**
 * One metric of one host as gmond's XML carries it: {@code <METRIC NAME VAL TYPE UNITS TN TMAX DMAX SLOPE
 * SOURCE>} with EXTRA_DATA GROUP, DESC, TITLE. {@code type} is ganglia's: string, int8, uint8, int16, uint16,
 * int32, uint32, float, double; {@code slope}: zero, positive, negative, both, unspecified; {@code tn} seconds
 * since the value was reported; {@code source} "gmond" (collected by an agent) or "gmetric" (sent by hand or by a
 * plugin).
 */
public record MetricValue(String name, String value, String type, String units, int tn, int tmax, int dmax,
        String slope, String source, String group, String description, String title) {

    /** The value as a number, NaN for a string metric or a value that is not a number. */
    public double number() {
        if ("string".equals(type)) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
