package io.castellan.engine.query;

import io.castellan.engine.store.IndexedTuple;
import java.util.List;

/** One page of a Read; {@code continuationToken} is empty on the last page. */
public record ReadPage(List<IndexedTuple> tuples, String continuationToken) {}
