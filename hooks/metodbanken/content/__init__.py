"""Cards read and checked: load → validate → link, and the facts derived from them (sources, status,
documentation level, git dates, badges); scaffold writes a new card, the reverse of load.
"""
