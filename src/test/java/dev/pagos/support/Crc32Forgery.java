package dev.pagos.support;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * What an attacker does to a PayPal webhook: PayPal signs only the CRC32 of the body, and CRC32 is linear, so
 * any body can be padded to any CRC. Here the padding is JSON whitespace (spaces and tabs before the closing
 * brace), so the forged body still parses as the event the attacker wrote.
 */
public final class Crc32Forgery {

    private static final int PAD = 64;

    private Crc32Forgery() {
    }

    /** {@code json} (an object) with whitespace added before its last '}' so that its CRC32 is {@code targetCrc}. */
    public static byte[] withCrc(String json, long targetCrc) {
        int close = json.lastIndexOf('}');
        byte[] head = json.substring(0, close).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + PAD + 1];
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = 0; i < PAD; i++) {
            body[head.length + i] = ' ';
        }
        body[body.length - 1] = '}';
        long base = crc(body);
        // Turning one space into a tab flips a fixed set of CRC bits (the same for any content of equal length).
        long[] flips = new long[PAD];
        for (int i = 0; i < PAD; i++) {
            body[head.length + i] = '\t';
            flips[i] = crc(body) ^ base;
            body[head.length + i] = ' ';
        }
        boolean[] useTab = solve(flips, base ^ targetCrc);
        for (int i = 0; i < PAD; i++) {
            if (useTab[i]) {
                body[head.length + i] = '\t';
            }
        }
        if (crc(body) != targetCrc) {
            throw new IllegalStateException("no padding found");
        }
        return body;
    }

    public static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Which of the flips XOR to {@code target}: Gaussian elimination over GF(2), each flip a 32-bit column. */
    private static boolean[] solve(long[] flips, long target) {
        int n = flips.length;
        long[] rows = flips.clone();
        // combination[i] records which original flips make up rows[i].
        java.math.BigInteger[] combination = new java.math.BigInteger[n];
        for (int i = 0; i < n; i++) {
            combination[i] = java.math.BigInteger.ONE.shiftLeft(i);
        }
        long remaining = target;
        java.math.BigInteger chosen = java.math.BigInteger.ZERO;
        int pivotRow = 0;
        int[] pivotOfBit = new int[32];
        java.util.Arrays.fill(pivotOfBit, -1);
        for (int bit = 31; bit >= 0; bit--) {
            int found = -1;
            for (int r = pivotRow; r < n; r++) {
                if ((rows[r] >>> bit & 1) == 1) {
                    found = r;
                    break;
                }
            }
            if (found < 0) {
                continue;
            }
            long tmp = rows[found];
            rows[found] = rows[pivotRow];
            rows[pivotRow] = tmp;
            java.math.BigInteger c = combination[found];
            combination[found] = combination[pivotRow];
            combination[pivotRow] = c;
            for (int r = 0; r < n; r++) {
                if (r != pivotRow && (rows[r] >>> bit & 1) == 1) {
                    rows[r] ^= rows[pivotRow];
                    combination[r] = combination[r].xor(combination[pivotRow]);
                }
            }
            pivotOfBit[bit] = pivotRow;
            pivotRow++;
        }
        for (int bit = 31; bit >= 0; bit--) {
            if ((remaining >>> bit & 1) == 1) {
                if (pivotOfBit[bit] < 0) {
                    throw new IllegalStateException("padding cannot reach this CRC");
                }
                remaining ^= rows[pivotOfBit[bit]];
                chosen = chosen.xor(combination[pivotOfBit[bit]]);
            }
        }
        boolean[] useTab = new boolean[n];
        for (int i = 0; i < n; i++) {
            useTab[i] = chosen.testBit(i);
        }
        return useTab;
    }
}
