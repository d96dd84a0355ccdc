package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayBuffersTest {

    @Test
    void aGivenBackBufferIsReusedAndTheFreeListIsBounded() {
        RelayBuffers buffers = new RelayBuffers(1);
        byte[] first = buffers.take();
        byte[] second = buffers.take();
        assertThat(first).hasSize(RelayBuffers.SIZE).isNotSameAs(second);

        buffers.give(first);
        buffers.give(second); // beyond the one kept: dropped
        assertThat(buffers.take()).isSameAs(first);
        assertThat(buffers.take()).isNotSameAs(first).isNotSameAs(second);
    }

    @Test
    void aBufferOfAnotherSizeIsNotKept() {
        RelayBuffers buffers = new RelayBuffers(4);
        buffers.give(new byte[RelayBuffers.SIZE * 4]);
        assertThat(buffers.take()).hasSize(RelayBuffers.SIZE);
    }
}
