package org.dsas.metrics.xdr;

import java.util.List;
import java.util.Locale;

/**
 * The messages of ganglia 3.x's protocol.x that gmond sends and receives on UDP 8649: metadata (128), one
 * value message per type (129..135) and the metadata request (136).
 */
public sealed interface GangliaMessage permits GangliaMessage.Metadata, GangliaMessage.Value,
        GangliaMessage.MetadataRequest {

    int METADATA = 128;
    int USHORT = 129;
    int SHORT = 130;
    int INT = 131;
    int UINT = 132;
    int STRING = 133;
    int FLOAT = 134;
    int DOUBLE = 135;
    int METADATA_REQUEST = 136;

    /** ganglia's slope enum, in wire order. */
    List<String> SLOPES = List.of("zero", "positive", "negative", "both", "unspecified", "derivative");

    /** The types a metadata message may name (gmond's XML TYPE attribute). */
    List<String> TYPES = List.of("string", "int8", "uint8", "int16", "uint16", "int32", "uint32", "float", "double");

    MetricId id();

    /**
     * Ganglia_metric_id: {@code host} is the sender's host name, or "ip:name" when {@code spoof} (gmond's
     * override_hostname, gmetric --spoof).
     */
    record MetricId(String host, String name, boolean spoof) {
    }

    record ExtraData(String name, String data) {
    }

    /** Ganglia_metadatadef: what a metric is; sent at start, every send_metadata_interval and on request. */
    record Metadata(MetricId id, String type, String name, String units, int slope, long tmax, long dmax,
            List<ExtraData> extra) implements GangliaMessage {

        public Metadata {
            extra = List.copyOf(extra);
        }

        public String slopeName() {
            return slope >= 0 && slope < SLOPES.size() ? SLOPES.get(slope) : "unspecified";
        }

        public String extra(String key) {
            return extra.stream().filter(e -> e.name().equals(key)).map(ExtraData::data).findFirst().orElse(null);
        }
    }

    /**
     * A value message: {@code kind} is its message id (129..135), {@code format} the printf format gmond shows it
     * with; the value sits in {@code integer} (ushort, short, int, uint), {@code real} (float, double) or
     * {@code text} (string).
     */
    record Value(int kind, MetricId id, String format, long integer, double real, String text)
            implements GangliaMessage {

        public static Value of(int kind, MetricId id, String format, String value) {
            return switch (kind) {
                case STRING -> new Value(kind, id, format, 0, 0, value);
                case FLOAT -> new Value(kind, id, format, 0, (float) Double.parseDouble(value), null);
                case DOUBLE -> new Value(kind, id, format, 0, Double.parseDouble(value), null);
                case USHORT, SHORT, INT, UINT -> new Value(kind, id, format, (long) Double.parseDouble(value), 0, null);
                default -> throw new IllegalArgumentException("value message id " + kind + " is not 129..135");
            };
        }

        /** The value as gmond prints it in its XML: through the packet's printf format. */
        public String formatted() {
            String c = cFormat(format);
            try {
                return switch (kind) {
                    case STRING -> text;
                    case FLOAT, DOUBLE -> c == null ? Double.toString(real) : String.format(Locale.ROOT, c, real);
                    default -> c == null ? Long.toString(integer) : String.format(Locale.ROOT, c, integer);
                };
            } catch (java.util.IllegalFormatException e) {
                // a hostile or odd format: show the plain value rather than fail
                return kind == STRING ? text : kind >= FLOAT ? Double.toString(real) : Long.toString(integer);
            }
        }

        /** C printf to Java: length modifiers go, unsigned becomes decimal. */
        private static String cFormat(String f) {
            if (f == null || f.isEmpty()) {
                return null;
            }
            return f.replaceAll("%(-?[0-9.]*)(hh|h|ll|l)?([udi])", "%$1d").replaceAll("%(-?[0-9.]*)l?f", "%$1f");
        }

        /** Type name of the XML TYPE attribute for this message id. */
        public String typeName() {
            return switch (kind) {
                case USHORT -> "uint16";
                case SHORT -> "int16";
                case INT -> "int32";
                case UINT -> "uint32";
                case STRING -> "string";
                case FLOAT -> "float";
                default -> "double";
            };
        }
    }

    /** Ganglia_metadatareq: a receiver heard a value without metadata and asks its sender to resend it. */
    record MetadataRequest(MetricId id) implements GangliaMessage {
    }

    /** The value message id that carries a metric of this ganglia type. */
    static int kindOf(String type) {
        return switch (type) {
            case "string" -> STRING;
            case "int8", "int16" -> SHORT;
            case "uint8", "uint16" -> USHORT;
            case "int32" -> INT;
            case "uint32" -> UINT;
            case "float" -> FLOAT;
            case "double" -> DOUBLE;
            default -> throw new IllegalArgumentException("type " + type + " is not one of " + TYPES);
        };
    }
}
