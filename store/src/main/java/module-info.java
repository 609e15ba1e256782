/** The durable journal: appends with group commit, reads, recovery and compaction. */
module io.ferrymq.store {
    requires transitive io.netty.buffer;
    requires org.slf4j;

    exports io.ferrymq.store;
}
