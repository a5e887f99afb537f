package org.dsas.metrics.xdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Hostile input: every malformed packet is a drop with a reason, never an exception. */
class XdrCodecFuzzTest {

    private static byte[] captured(int i) {
        return XdrCodecCaptureTest.CAPTURE.get(i).payload();
    }

    @Test
    void eachMalformationHasItsReason() {
        byte[] metadata = captured(0);
        assertEquals(DropReason.TOO_SHORT, XdrCodec.decode(new byte[2]).drop());
        assertEquals(DropReason.TOO_SHORT, XdrCodec.decode(Arrays.copyOf(captured(1), captured(1).length - 2)).drop());
        assertEquals(DropReason.BAD_ID, XdrCodec.decode(ByteBuffer.allocate(8).putInt(127).array()).drop());
        byte[] longHost = metadata.clone();
        ByteBuffer.wrap(longHost).putInt(4, 1000); // host length beyond the packet
        assertEquals(DropReason.BAD_STRING_LENGTH, XdrCodec.decode(longHost).drop());
        byte[] absurd = metadata.clone();
        ByteBuffer.wrap(absurd).putInt(4, 0x7FFFFFF0);
        assertEquals(DropReason.ABSURD_LENGTH, XdrCodec.decode(absurd).drop());
        ByteBuffer.wrap(absurd).putInt(4, -4);
        assertEquals(DropReason.ABSURD_LENGTH, XdrCodec.decode(absurd).drop());
        byte[] spoof = metadata.clone();
        ByteBuffer.wrap(spoof).putInt(4 + 8 + 4 + 12, 7); // "vm", "heartbeat", then the spoof bool
        assertEquals(DropReason.BAD_BOOL, XdrCodec.decode(spoof).drop());
        byte[] trailing = Arrays.copyOf(captured(1), captured(1).length + 4);
        assertEquals(DropReason.TRAILING_BYTES, XdrCodec.decode(trailing).drop());
        byte[] type = metadata.clone();
        type[4 + 8 + 4 + 12 + 4 + 4] = 'x'; // "uint32" -> "xint32"
        assertEquals(DropReason.BAD_TYPE, XdrCodec.decode(type).drop());
    }

    @Test
    void thousandsOfMutatedAndRandomPacketsNeverThrow() {
        Random random = new Random(7);
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        int decoded = 0;
        int n = XdrCodecCaptureTest.CAPTURE.size();
        for (int round = 0; round < 20_000; round++) {
            byte[] p;
            if (round % 4 == 0) {
                p = new byte[random.nextInt(200)];
                random.nextBytes(p);
                if (p.length >= 4 && random.nextBoolean()) {
                    ByteBuffer.wrap(p).putInt(0, 128 + random.nextInt(9));
                }
            } else {
                p = captured(random.nextInt(n)).clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    p[random.nextInt(p.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(3) == 0) {
                    p = Arrays.copyOf(p, random.nextInt(p.length + 8));
                }
            }
            XdrCodec.Decoded d = XdrCodec.decode(p);
            if (d.ok()) {
                decoded++;
                // whatever decodes re-encodes to a packet that decodes to the same message
                assertEquals(d.message(), XdrCodec.decode(XdrCodec.encode(d.message())).message());
            } else {
                drops.merge(d.drop(), 1, Integer::sum);
            }
        }
        assertTrue(decoded > 0, "no mutation survived: the fuzz never reached the encoder");
        for (DropReason r : new DropReason[] {DropReason.TOO_SHORT, DropReason.BAD_ID, DropReason.BAD_STRING_LENGTH,
            DropReason.ABSURD_LENGTH, DropReason.TRAILING_BYTES}) {
            assertTrue(drops.getOrDefault(r, 0) > 0, "fuzz never produced " + r + ": " + drops);
        }
    }
}
