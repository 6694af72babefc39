package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class KvCacheTest {
  @Test
  void preallocatedCacheHoldsWhatConcatenationHolds() {
    try (NDManager m = NDManager.newBaseManager();
        KvCache grown = new KvCache(m, 2);
        KvCache buffered = new KvCache(m, 2, 6)) {
      // A prompt of 3 positions, then single positions, as sampling appends them.
      for (int t : new int[] {3, 1, 1, 1}) {
        for (int layer = 0; layer < 2; layer++) {
          NDArray k = m.randomNormal(new Shape(2, 2, 4, t));
          NDArray v = m.randomNormal(new Shape(2, 2, t, 4));
          NDArray[] a = grown.append(layer, k, v);
          NDArray[] b = buffered.append(layer, k, v);
          assertEquals(a[0].getShape(), b[0].getShape());
          assertEquals(a[1].getShape(), b[1].getShape());
          assertArrayEquals(a[0].toFloatArray(), b[0].toFloatArray(), 0f);
          assertArrayEquals(a[1].toFloatArray(), b[1].toFloatArray(), 0f);
        }
      }
      assertEquals(new Shape(2, 2, 4, 6), buffered.keys[1].getShape());
      NDArray k = m.zeros(new Shape(2, 2, 4, 1));
      NDArray v = m.zeros(new Shape(2, 2, 1, 4));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> buffered.append(0, k, v));
      assertEquals("KV cache of 6 positions cannot take 7", e.getMessage());
    }
  }
}
