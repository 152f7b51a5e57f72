"""habeas.ledger"""
