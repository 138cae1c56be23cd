/* Resource IDs of "Connect as…": the connect dialog, its controls and strings (tray/tray_connect.rc2). */
#ifndef CONNECTAS_TRAY_CONNECT_RES_H
#define CONNECTAS_TRAY_CONNECT_RES_H

/* The connect dialog (a template without texts: every text comes from the string table). */
#define IDD_CONNECT 1300
#define IDC_CF_PATH_LABEL 1301
#define IDC_CF_PATH 1302
#define IDC_CF_NOW_LABEL 1303
#define IDC_CF_NOW 1304
#define IDC_CF_USER_LABEL 1305
#define IDC_CF_USER 1306
#define IDC_CF_PASSWORD_LABEL 1307
#define IDC_CF_PASSWORD 1308
#define IDC_CF_REMEMBER 1309
#define IDC_CF_DRIVE_LABEL 1310
#define IDC_CF_DRIVE 1311
#define IDC_CF_HINT 1312
#define IDC_CF_MESSAGE 1313
/* Disconnect and forget when I'm done (tray_temporary.c) */
#define IDC_CF_TEMP 1314
#define IDC_CF_TEMP_WHEN 1315
#define IDC_CF_TEMP_TIME 1316
#define IDC_CF_TEMP_WHEN_LABEL 1317
#define IDC_CF_TEMP_TIME_LABEL 1318
/* Connect is IDOK, Cancel IDCANCEL. */

/* Strings, English, Dutch and German; %1…%9 are filled in by tray_text.c. */
#define IDS_CF_TITLE 1200
#define IDS_CF_TITLE_SANDBOX 1201
#define IDS_CF_LABEL_PATH 1202
#define IDS_CF_LABEL_NOW 1203
#define IDS_CF_LABEL_USER 1204
#define IDS_CF_LABEL_PASSWORD 1205
#define IDS_CF_REMEMBER 1206
#define IDS_CF_LABEL_DRIVE 1207
#define IDS_CF_DRIVE_NONE 1208
#define IDS_CF_DRIVE_NEXT 1209
#define IDS_CF_HINT 1210
#define IDS_CF_BTN_CONNECT 1211
#define IDS_CF_BTN_CANCEL 1212
#define IDS_CF_NOW 1213
#define IDS_CF_NOW_NONE 1214
#define IDS_CF_NOW_LOADING 1215
#define IDS_CF_HINT_SERVER 1216
#define IDS_CF_CHECKING 1217
#define IDS_CF_CONNECTING 1218
#define IDS_CF_FAILED 1219
#define IDS_CF_NEXT_RETYPE 1220
#define IDS_CF_NEXT_DRIVE 1221
#define IDS_CF_NEXT_PATH 1222
#define IDS_CF_NEXT_ACCOUNT 1223
#define IDS_CF_NEXT_RETRY 1224
#define IDS_CF_NEXT_1219 1225
#define IDS_CF_CANCELLED 1226
#define IDS_CF_BADPATH 1227
#define IDS_CF_BADUSER 1228
#define IDS_CF_NODRIVE 1229
#define IDS_CF_DONE 1231
#define IDS_CF_DONE_DRIVE 1232
#define IDS_CF_DEFAULT_USER 1233
#define IDS_CF_NOT_SAVED 1234
#define IDS_CF_CONFLICT_TITLE 1235
#define IDS_CF_CONFLICT_MAIN 1236
#define IDS_CF_CONFLICT_MAIN_REFUSED 1237
#define IDS_CF_LIKELY 1241
#define IDS_CF_BTN_DISCONNECT_1 1242
#define IDS_CF_BTN_DISCONNECT_N 1243
#define IDS_CF_NOTE_DISCONNECT 1244
#define IDS_CF_NOTE_OPEN 1245
#define IDS_CF_BTN_ALIAS 1246
#define IDS_CF_NOTE_ALIAS 1247
#define IDS_CF_CAVEAT_IP 1248
#define IDS_CF_CAVEAT_NAME 1249
#define IDS_CF_CAVEAT_ALIAS 1250
#define IDS_CF_BTN_FORGET 1251
#define IDS_CF_NOTE_FORGET 1252
#define IDS_CF_BTN_SPELLING 1253
#define IDS_CF_NOTE_SPELLING 1254

/* The range tests check for complete translations. */
#define IDS_CF_FIRST 1200
#define IDS_CF_LAST 1254

#endif
