package io.usersroles.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Compiled catalogs by org and catalog version. Every check still reads the catalog item (so a change
 * is seen at once); this only saves recompiling an unchanged catalog, which is safe because a version
 * names exactly one content.
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

  /** The compiled catalog of {@code orgId} at {@code version} (0 and no roles: the built-in roles only). */
  public RoleCatalog of(String orgId, long version, List<CustomRole> customRoles) {
    if (customRoles.isEmpty()) {
      return RoleCatalog.builtInOnly();
    }
    String key = orgId + "#" + version;
    synchronized (compiled) {
      RoleCatalog catalog = compiled.get(key);
      if (catalog != null) {
        return catalog;
      }
    }
    RoleCatalog catalog = RoleCatalog.compile(customRoles);
    synchronized (compiled) {
      compiled.put(key, catalog);
    }
    return catalog;
  }
}
