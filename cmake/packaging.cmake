# Installation layout and the Debian package (CPack), deploy/ and docs/operations.md:
#   /usr/bin/pererecos-stats
#   /usr/share/pererecos-stats/web/              the dashboard, found by `serve` without flags
#   /usr/lib/systemd/system/pererecos-stats.service
#   /etc/pererecos-stats/pererecos-stats.env     example settings (a conffile)
#   /usr/share/doc/pererecos-stats/              README, docs/*.md, nginx example
# Build it with `cmake --build build --target package` (or `cd build && cpack -G DEB`).
include(GNUInstallDirs)

install(TARGETS pererecos-stats RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/pererecos-stats/web
  PATTERN node_modules EXCLUDE
  PATTERN "package*.json" EXCLUDE
  PATTERN "*.test.*" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/pererecos-stats.service
  DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/pererecos-stats.env
  DESTINATION /etc/pererecos-stats PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/deploy/nginx.conf
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/pererecos-stats)
file(GLOB PERERECOS_DOC_PAGES ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PERERECOS_DOC_PAGES} DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/pererecos-stats)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pererecos-stats)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Pererecos Stats maintainers <pererecos-stats@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Self-hosted real-time Twitch chat statistics")
set(CPACK_PACKAGE_DESCRIPTION
  "Reads Twitch chat, stores every message in SQLite and serves exact statistics (leaderboards, per-user pages, activity by hour, emotes) through a JSON API and a dashboard.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/pererecos/pererecos-stats")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles
  ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
  ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
  ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
