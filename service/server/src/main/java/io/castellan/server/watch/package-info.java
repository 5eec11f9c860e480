/**
 * Watch: an organization's changes as a live stream. The journal is replayed from where a
 * subscriber starts, then changes come from the entity as it journals them ({@link
 * io.castellan.server.watch.ChangeHub}); any revision the live feed skipped is read from the
 * journal, so a subscriber sees every revision once, in order ({@link
 * io.castellan.server.watch.WatchStream}).
 */
package io.castellan.server.watch;
