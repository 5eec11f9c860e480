package io.castellan.engine.query;

import io.castellan.engine.store.Tuple;
import java.util.List;

/** One page of a Read; {@code continuationToken} is empty on the last page. */
public record ReadPage(List<Tuple> tuples, String continuationToken) {}
