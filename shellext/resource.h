/* Resource identifiers of connectas.dll (string table in connectas.rc). */
#ifndef CONNECTAS_SHELLEXT_RESOURCE_H
#define CONNECTAS_SHELLEXT_RESOURCE_H

#define IDS_SHX_MENU_TEXT 100 /* the menu item: "Connect as…" */
#define IDS_SHX_HELP_TEXT 101 /* GCS_HELPTEXT: one sentence on what the item does */

/* Windows 11 first-menu command (xcmd.c) */
#define IDI_SHX_ICON 200 /* its icon (xcmd.ico, made by make_xcmd_icon.py), named as "connectas.dll,-200" */

#endif
