"""habeas.domain"""
