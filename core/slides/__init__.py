"""Conference decks: an editable 16:9 PowerPoint file of chosen views and an Excel workbook of
the data behind it.

A deck is a list of ``DeckItem`` (core.slides.items): a ChartSpec (serialisable, see
``item_to_dict``) and, for maps, the recipe that redraws the map at 16:9 (core.images.make_map).
``build_deck`` (core.slides.deck) writes a title slide (conference title, date, organising unit),
then one slide per view:

* bar, column and line views become NATIVE PowerPoint charts (core.slides.native_charts: chart
  objects, data editable in PowerPoint), each point labelled as printed ('> 2.053', '96,5%'),
  sample points paler; small multiples become one native column chart per panel (each panel keeps
  its own unit and axis), at most six panels per slide, the rest on continuation slides;
* maps become a kaleido PNG (one browser for the whole deck);
* a caption written from the data states the key comparison (core.slides.captions: highest and
  lowest with their values, qualifiers kept; compared provinces without a figure named
  'chưa có số liệu');
* the footer carries source, period, notes (first: figures that sources give differently, with
  both values and their sources) and the sample mark; the speaker notes hold the link that
  reopens the view (core.slides.drawing).

``build_workbook`` (core.slides.workbook) writes the data behind the deck. A deck never mixes modes:
its items are all real figures or all sample data (``DeckItem.sample``); both builders refuse a
mixed list (MixedModes).

Command line (core.slides.cli: batch decks from the warehouse)::

    python -m core.slides --provinces 62,11,40 [--indicators CODES] [--title TEXT] --out deck.pptx
"""

from core.slides.captions import caption
from core.slides.cli import main
from core.slides.deck import build_deck, map_for_slide, map_pictures
from core.slides.items import (
    MAX_ITEMS,
    DeckItem,
    MixedModes,
    check_one_mode,
    compare_items,
    item_from_dict,
    item_to_dict,
)
from core.slides.workbook import build_workbook

__all__ = ["MAX_ITEMS", "DeckItem", "MixedModes", "build_deck", "build_workbook", "caption", "check_one_mode",
           "compare_items", "item_from_dict", "item_to_dict", "main", "map_for_slide", "map_pictures"]
