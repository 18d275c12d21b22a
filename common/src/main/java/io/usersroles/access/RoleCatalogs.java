package io.usersroles.access;

import java.util.LinkedHashMap;
import java.util.Map;
import io.usersroles.store.StoredRoles;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Compiled catalogs by org and catalog version. Every check still reads the catalog item (so a change
 * is seen at once); this saves parsing and compiling an unchanged catalog, which is safe because a
 * version names exactly one content.
 */
@Singleton
public final class RoleCatalogs {
  private static final int CAPACITY = 512;

  private final Map<String, RoleCatalog> compiled = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RoleCatalog> eldest) {
      return size() > CAPACITY;
    }
  };

  @Inject
  public RoleCatalogs() {}

  /** The compiled catalog of {@code orgId} as read; decoded and compiled only when this version is new here. */
  public RoleCatalog of(String orgId, StoredRoles roles) {
    if (roles.version() == 0) {
      return RoleCatalog.builtInOnly();
    }
    String key = orgId + "#" + roles.version();
    synchronized (compiled) {
      RoleCatalog catalog = compiled.get(key);
      if (catalog != null) {
        return catalog;
      }
    }
    RoleCatalog catalog = RoleCatalog.compile(roles.decode());
    synchronized (compiled) {
      compiled.put(key, catalog);
    }
    return catalog;
  }
}
