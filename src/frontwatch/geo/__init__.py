"""Gazetteer, toponym recognition and resolution.

``open_gazetteer(settings)`` gives the gazetteer; ``recognise(doc, gazetteer)`` finds
place names in a spaCy ``Doc``; ``Resolver(gazetteer).resolve(mentions)`` turns them
into ``Toponym`` records; ``load_dump(gazetteer_path, dump_path)`` adds a GeoNames dump.
"""
