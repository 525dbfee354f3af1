//! Real data in: political event data (GDELT, ICEWS, Phoenix) read as streams, CAMEO tables and
//! country codes, UN General Assembly votes, COW capabilities and ATOP alliances.
